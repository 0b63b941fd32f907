/** "Next meeting" of a club, for the club page and the room. (Being built: issue 11.) */
export function NextMeeting(_props: { clubId: string }) {
  return null;
}
