// ---------------------------------------------------------------------------
// The visible strings of "Import from cURL" (the HTTPS step's panel). Part of the
// editor's labels (EditorLabels extends these), so a host relabels them through the
// same `labels` prop.
// ---------------------------------------------------------------------------

import type { DetectedCredential } from './parse-curl';

/** Strings of the "Import from cURL" button and dialog. */
export interface CurlImportLabels {
  /** The panel's button and the dialog's title. */
  importFromCurl: string;
  /** Label of the text area the command is pasted into. */
  curlCommand: string;
  /** Help under it. */
  curlCommandHelp: string;
  /** Heading of what the import will set. */
  curlPreview: string;
  /** Under the preview: what is replaced and what is kept. */
  curlPreviewKeeps: string;
  /** Heading of what the step's checks will say of the imported fields (an http:// URL…). */
  curlToFix: string;
  /** Names of the step's fields in the preview. */
  curlPreviewField: (field: 'url' | 'method' | 'query' | 'headers' | 'body') => string;
  /** A list or the body the command does not set. */
  curlPreviewNone: string;
  /** Heading of the credentials found. */
  curlCredentials: string;
  /** Help under it: credentials are read from secrets, never stored. */
  curlCredentialsHelp: string;
  /** Label of the secret-name field of one credential. */
  curlSecretFor: (credential: Pick<DetectedCredential, 'kind' | 'name'>) => string;
  /** What the secret has to hold for this credential. */
  curlSecretHolds: (credential: Pick<DetectedCredential, 'kind' | 'name' | 'scheme' | 'variable'>) => string;
  /** The typed secret name cannot be used in a reference. */
  curlSecretNameInvalid: string;
  /** The typed secret name is not one of the host's secrets (yet). */
  curlSecretNameNew: (name: string) => string;
  /** Heading of the options whose effect the step will not have. */
  curlNotImported: string;
  /** Heading of the options that need nothing (output, compression). */
  curlNotNeeded: string;
  /**
   * An unmapped option's reason or a problem with the command in the host's words, from
   * its stable `code` (listed in docs/import-from-curl.md); `undefined` keeps the English
   * `message`.
   */
  curlMessage: (item: { code: string; message: string }) => string | undefined;
  /** Announced beside the button after an import. */
  curlImported: string;
}

/** The default (English) strings. */
export const defaultCurlImportLabels: CurlImportLabels = {
  importFromCurl: 'Import from cURL',
  curlCommand: 'cURL command',
  curlCommandHelp:
    'Paste a curl command, for example from an API’s documentation. Credentials in it are not stored: each one is read from a secret you name below.',
  curlPreview: 'What the import sets',
  curlPreviewKeeps:
    'Replaces URL, Request Type, Query Parameters, Request Headers and Body. The step’s name, Response Schema and Advanced Configuration stay as they are.',
  curlToFix: 'Fix after importing',
  curlPreviewField: (field) =>
    ({ url: 'URL', method: 'Request Type', query: 'Query Parameters', headers: 'Request Headers', body: 'Body' })[
      field
    ],
  curlPreviewNone: 'None',
  curlCredentials: 'Credentials',
  curlCredentialsHelp:
    'The command holds credentials. The workflow never stores them: the step reads each one from a secret of your account. Choose a secret or type the name of a new one, and put the value in your account’s secrets before the step runs.',
  curlSecretFor: (credential) =>
    ({
      basic: 'Secret for the user and password',
      header: `Secret for the ${credential.name} header`,
      cookie: `Secret for the ${credential.name} header`,
      query: `Secret for the query parameter ${credential.name}`,
      body: `Secret for the body field ${credential.name}`,
      url: 'Secret for the webhook URL',
    })[credential.kind],
  curlSecretHolds: (credential) => {
    const from = credential.variable === undefined ? '' : ` The command read it from $${credential.variable}.`;
    switch (credential.kind) {
      case 'basic':
        return `The secret holds user:password encoded as Base64 (what curl sends after “Basic ”).${from}`;
      case 'url':
        return `The secret holds the whole webhook URL: the URL works as a password.${from}`;
      case 'cookie':
        return `The secret holds the cookies (name=value; …).${from}`;
      default:
        return credential.scheme === ''
          ? `The secret holds the value as it is.${from}`
          : `The secret holds the value after “${credential.scheme} ”.${from}`;
    }
  },
  curlSecretNameInvalid: 'Use letters, digits and _ only, not starting with a digit.',
  curlSecretNameNew: (name) => `“${name}” is not one of your account’s secrets yet: add it before the step runs.`,
  curlNotImported: 'Not imported',
  curlNotNeeded: 'Not needed',
  curlMessage: () => undefined,
  curlImported: 'Imported from cURL. Check the fields below.',
};
