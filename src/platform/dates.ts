// "Today" as an ISO date, in one place for the whole app. It is the UTC date for now; when it becomes the
// Amsterdam day (between midnight and 01:00/02:00 Dutch time the two differ), only this line changes.
export const todayIso = (): string => new Date().toISOString().slice(0, 10);
