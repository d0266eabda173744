// The journal's public entry for routes, the API and the CLI.
export { NoteInput } from './inputs.ts';
export { listNotes, type NoteView } from './queries.ts';
export { createNote, type CreatedNote } from './mutations.ts';
export { addAttachment, readAttachment, downloadHeaders, contentDisposition, detectType, sanitiseName, checkUpload, type AttachmentUpload, type AttachmentView, type AttachmentFile } from './attachments.ts';
