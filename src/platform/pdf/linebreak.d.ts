// linebreak (UAX #14 break opportunities) ships no types; the part Thuis uses.
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
