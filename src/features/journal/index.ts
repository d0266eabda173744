// The journal's public entry for routes, the API and the CLI.
export { NoteInput } from './inputs.ts';
export { listNotes, type NoteView } from './queries.ts';
export { createNote, type CreatedNote } from './mutations.ts';
