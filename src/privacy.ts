/**
 * Email addresses Scout looks up are personal data. Logs never hold them in full, and the App Home
 * shows them in full to admins only: `maya@example.com` → `m***@example.com` (the domain stays, as
 * it says which organisation a lookup concerned without saying who).
 */

// Local part: RFC 5322 "atext" and dots; domain: labels with a dot. Deliberately loose: masking an
// email-like string that is not one costs nothing, missing a real one leaks it.
const EMAIL =
  /([A-Za-z0-9!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})/g;

export function maskEmails(text: string): string {
  return text.replace(EMAIL, (_match, first: string, domain: string) => `${first}***@${domain}`);
}
