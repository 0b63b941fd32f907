/** An error message in the reader's language, announced to screen readers. Text only, never markup. */
export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p class="error" role="alert" data-testid="error">
      {message}
    </p>
  );
}
