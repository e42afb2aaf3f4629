import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ActionStep, JsonObject, Workflow } from '../src/definition';
import { ConnectedConfigPanel } from '../src/editor/panel/ConnectedConfigPanel';
import { ConnectedActionPicker } from '../src/editor/picker/ConnectedActionPicker';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditorProvider, useWorkflowEditorStore } from '../src/editor/WorkflowEditorProvider';
import { codeText } from './fixtures/code-field';
import { EditorBodyFrame } from './story-frames';
import type { Canvas } from './story-helpers';

/** A Stripe test key (Stripe's own documentation shows it): it must not reach the page or the definition. */
const STRIPE_KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';

const STRIPE_COMMAND = `curl https://api.stripe.com/v1/payment_intents \\
  -u ${STRIPE_KEY}: \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: order-1001" \\
  -d '{"amount": 2000, "currency": "usd"}'`;

const MIXED_COMMAND = `curl -sS -L -k --compressed \\
  https://api.example.com/v1/uploads?folder=invoices \\
  -H "Authorization: Bearer $EXAMPLE_TOKEN" \\
  -F "file=@invoice.pdf" \\
  --max-time 20 | jq .`;

const workflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'charge_on_approval',
  name: 'Charge approved customers',
  trigger: { event: 'inquiry.approved' },
  steps: [
    {
      id: 'charge_customer',
      type: 'action',
      action: 'https_request',
      name: 'Charge customer',
      config: {
        url: 'https://api.example.com/old',
        method: 'GET',
        headers: [{ key: 'X-Old', value: '1' }],
        retryIntervals: [5, 30],
        timeoutSeconds: 20,
      },
    },
  ],
};

const hostSecrets = ['stripe_test_key', 'crm_api_key'];

/** Selects the HTTPS step with its panel open when the story starts, as after a click on its card. */
function SelectStepAtStart(): null {
  const store = useWorkflowEditorStore();
  useEffect(() => {
    store.getState().select({ kind: 'step', stepId: 'charge_customer' }, { openPanel: true });
  }, [store]);
  return null;
}

interface StoryArgs {
  onChange: (definition: Workflow) => void;
}

/** The editor's toolbar, canvas (with the real picker behind "+") and the HTTPS step's panel. */
function Editor(args: StoryArgs): ReactElement {
  return (
    <WorkflowEditorProvider defaultDefinition={workflow} onChange={args.onChange} secrets={hostSecrets}>
      <SelectStepAtStart />
      <EditorBodyFrame top={<Toolbar />} beside={<ConnectedConfigPanel />}>
        <ConnectedActionPicker />
      </EditorBodyFrame>
    </WorkflowEditorProvider>
  );
}

const meta = {
  title: 'Editor/Import from cURL',
  component: Editor,
  args: { onChange: fn<(definition: Workflow) => void>() },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof Editor>;

export default meta;
type Story = StoryObj<typeof meta>;

function lastConfig(onChange: StoryArgs['onChange']): JsonObject {
  const calls = (onChange as ReturnType<typeof fn>).mock.calls;
  const definition = calls[calls.length - 1]?.[0] as Workflow | undefined;
  if (!definition) throw new Error('onChange was never called');
  return (definition.steps[0] as ActionStep).config;
}

/** The step's panel, once drawn (the story selects the step as it starts). */
async function panelOf(canvasElement: HTMLElement) {
  return within(await within(canvasElement).findByRole('region', { name: 'Step configuration' }, { timeout: 5000 }));
}

/** Everything the page holds, values of fields included (a textarea's value is not in its HTML). */
function pageText(): string {
  const values = [...document.querySelectorAll('input, textarea')].map((field) => (field as HTMLInputElement).value);
  return `${document.documentElement.outerHTML}\n${values.join('\n')}`;
}

/** The text of a JSON field, whether it is the code editor or its plain text area. */
function jsonFieldText(element: HTMLElement): string {
  return element instanceof HTMLTextAreaElement ? element.value : codeText(element);
}

/**
 * The HTTPS step's panel with its "Import from cURL" button. The play opens the dialog
 * (named "Import from cURL", focus in the command field), closes it with Escape, and
 * focus is back on the button: the story ends as it began.
 */
export const PanelWithButton: Story = {
  play: async ({ canvasElement }) => {
    const panel = await panelOf(canvasElement);
    const button = await panel.findByRole('button', { name: 'Import from cURL' });
    await userEvent.click(button);
    const dialog = await within(document.body).findByRole('dialog', { name: 'Import from cURL' });
    const command = within(dialog).getByRole('textbox', { name: 'cURL command' });
    await waitFor(() => expect(command).toHaveFocus());
    await expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(document.body).queryByRole('dialog', { name: 'Import from cURL' })).toBeNull());
    await expect(button).toHaveFocus();
  },
};

/**
 * Keyboard only: Enter on "Import from cURL", paste a Stripe-like command, Tab to the
 * secret of the user and password, name it, Enter imports. URL, Request Type, headers and
 * body are in the form; retries and the timeout are kept; the key is nowhere in the page or
 * the definition; one Undo brings the old request back (Redo ends the story imported).
 * Ctrl+Z inside the dialog stays the text field's own.
 */
export const ImportStripeCommandByKeyboard: Story = {
  play: async ({ canvasElement, args }) => {
    const panel = await panelOf(canvasElement);
    const button = await panel.findByRole('button', { name: 'Import from cURL' });
    button.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = within(await within(document.body).findByRole('dialog', { name: 'Import from cURL' }));
    const command = dialog.getByRole('textbox', { name: 'cURL command' });
    await waitFor(() => expect(command).toHaveFocus());
    await userEvent.paste(STRIPE_COMMAND);

    // The preview says what will be set; the key shows as the secret reference only.
    const preview = within(await dialog.findByRole('region', { name: 'What the import sets' }));
    await expect(preview.getByText('https://api.stripe.com/v1/payment_intents')).toBeVisible();
    await expect(preview.getByText('POST')).toBeVisible();
    await expect(preview.getByText('Basic {{ secrets.stripe_api_key }}')).toBeVisible();

    // Tab reaches the secret's name; the host's secret replaces the suggestion.
    await userEvent.tab();
    const secret = dialog.getByRole('combobox', { name: 'Secret for the user and password' });
    await expect(secret).toHaveFocus();
    await expect(secret).toHaveValue('stripe_api_key');
    await expect(dialog.getByText(/is not one of your account’s secrets yet/)).toBeVisible();
    await userEvent.keyboard('{Control>}a{/Control}stripe_test_key');
    await expect(preview.getByText('Basic {{ secrets.stripe_test_key }}')).toBeVisible();
    await expect(dialog.queryByText(/is not one of your account’s secrets yet/)).toBeNull();
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(within(document.body).queryByRole('dialog', { name: 'Import from cURL' })).toBeNull());
    await expect(button).toHaveFocus();
    await expect(panel.getByText('Imported from cURL. Check the fields below.')).toHaveAttribute('role', 'status');

    const expected: JsonObject = {
      url: 'https://api.stripe.com/v1/payment_intents',
      method: 'POST',
      headers: [
        { key: 'Authorization', value: 'Basic {{ secrets.stripe_test_key }}' },
        { key: 'Content-Type', value: 'application/json' },
        { key: 'Idempotency-Key', value: 'order-1001' },
      ],
      body: { amount: 2000, currency: 'usd' },
      retryIntervals: [5, 30],
      timeoutSeconds: 20,
    };
    await waitFor(() => expect(lastConfig(args.onChange)).toEqual(expected));

    // The form shows it.
    await waitFor(() =>
      expect(panel.getByRole('textbox', { name: 'URL' })).toHaveValue('https://api.stripe.com/v1/payment_intents'),
    );
    await expect(panel.getByRole('combobox', { name: 'Request Type' })).toHaveDisplayValue('POST');
    const headers = within(panel.getByRole('group', { name: 'Request Headers' }));
    await waitFor(() =>
      expect(
        headers.getAllByRole('textbox', { name: 'Key' }).map((field) => (field as HTMLInputElement).value),
      ).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key']),
    );
    const body = await panel.findByRole('textbox', { name: 'Body' });
    await waitFor(() => expect(JSON.parse(jsonFieldText(body))).toEqual({ amount: 2000, currency: 'usd' }));

    // The key is nowhere: not in the page (the command's text area is gone), not in the definition.
    await expect(pageText()).not.toContain(STRIPE_KEY);
    await expect(JSON.stringify((args.onChange as ReturnType<typeof fn>).mock.calls)).not.toContain(STRIPE_KEY);

    // One undo step: the old request comes back whole; Redo imports again.
    const toolbar = within(canvasElement).getByRole('toolbar', { name: 'Workflow toolbar' });
    await userEvent.click(within(toolbar).getByRole('button', { name: 'Undo' }));
    await waitFor(() =>
      expect(lastConfig(args.onChange)).toEqual({
        url: 'https://api.example.com/old',
        method: 'GET',
        headers: [{ key: 'X-Old', value: '1' }],
        retryIntervals: [5, 30],
        timeoutSeconds: 20,
      }),
    );
    await userEvent.click(within(toolbar).getByRole('button', { name: 'Redo' }));
    await waitFor(() => expect(lastConfig(args.onChange)).toEqual(expected));
    await waitFor(() =>
      expect(panel.getByRole('textbox', { name: 'URL' })).toHaveValue('https://api.stripe.com/v1/payment_intents'),
    );

    // In the dialog, Ctrl+Z is the command field's own undo: it does not undo the import.
    button.focus();
    await userEvent.keyboard('{Enter}');
    const again = within(await within(document.body).findByRole('dialog', { name: 'Import from cURL' }));
    await waitFor(() => expect(again.getByRole('textbox', { name: 'cURL command' })).toHaveFocus());
    await userEvent.keyboard('curl{Control>}z{/Control}');
    await expect(lastConfig(args.onChange)).toEqual(expected);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(document.body).queryByRole('dialog', { name: 'Import from cURL' })).toBeNull());
    await expect(button).toHaveFocus();
  },
};

/** Clicks the panel's "Import from cURL": resolves with the dialog, once focus is in its command. */
async function openDialogAndFocusCommand(canvasElement: HTMLElement): Promise<Canvas> {
  const panel = await panelOf(canvasElement);
  await userEvent.click(await panel.findByRole('button', { name: 'Import from cURL' }));
  const dialog = within(await within(document.body).findByRole('dialog', { name: 'Import from cURL' }));
  await waitFor(() => expect(dialog.getByRole('textbox', { name: 'cURL command' })).toHaveFocus());
  return dialog;
}

/**
 * What the step's checks will say of what a command sets is said before the import: here
 * an http:// URL and a header value with a line break in it, listed under "Fix after
 * importing" (Import stays possible: the fields can be fixed in the panel).
 */
export const ToFixAfterImport: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialogAndFocusCommand(canvasElement);
    await userEvent.paste("curl http://api.example.com/admin -H $'X-Evil: a\\r\\nInjected: b'");
    const toFix = within(await dialog.findByRole('list', { name: 'Fix after importing' }));
    const items = toFix.getAllByRole('listitem').map((item) => item.textContent);
    await expect(items).toEqual([
      expect.stringMatching(/^URL must be an absolute https:\/\/ URL/),
      expect.stringMatching(/line break/i),
    ]);
    await expect(dialog.getByRole('button', { name: 'Import' })).toBeEnabled();
  },
};

/**
 * What a command does that the step will not: the dialog stays open on the lists "Not
 * imported" (-L, -k, the file upload, the time limit) and "Not needed" (-s, -S,
 * --compressed, the pipe to jq), each with its reason, next to the preview and the secret
 * the Authorization header's $EXAMPLE_TOKEN goes into.
 */
export const UnmappedOptions: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialogAndFocusCommand(canvasElement);
    await userEvent.paste(MIXED_COMMAND);

    const notImported = within(await dialog.findByRole('list', { name: 'Not imported' }));
    const notImportedItems = notImported.getAllByRole('listitem').map((item) => item.textContent);
    await expect(notImportedItems).toEqual([
      expect.stringMatching(/^-L: Follows redirects\. The step does not/),
      expect.stringMatching(/^-k: Turns off certificate checks\./),
      expect.stringMatching(/^-F file=@invoice\.pdf: A multipart form/),
      expect.stringMatching(/^--max-time 20: A time limit: set Request Timeout/),
    ]);
    const notNeeded = within(dialog.getByRole('list', { name: 'Not needed' }));
    const notNeededItems = notNeeded.getAllByRole('listitem').map((item) => item.textContent);
    await expect(notNeededItems).toEqual([
      expect.stringMatching(/^\| jq \.: Passes the answer to another program/),
      expect.stringMatching(/^-s: Only changes what curl prints/),
      expect.stringMatching(/^-S: Only changes what curl prints/),
      expect.stringMatching(/^--compressed: Asks for a compressed answer/),
    ]);
    const secret = dialog.getByRole('combobox', { name: 'Secret for the Authorization header' });
    await expect(secret).toHaveValue('example_token');
    await expect(dialog.getByText(/The command read it from \$EXAMPLE_TOKEN/)).toBeVisible();
    const preview = within(dialog.getByRole('region', { name: 'What the import sets' }));
    await expect(preview.getByText('Bearer {{ secrets.example_token }}')).toBeVisible();
    await expect(preview.getByText('folder')).toBeVisible();
    // The secret not set up yet is said under Credentials only, not again as a field to fix.
    await expect(dialog.queryByRole('list', { name: 'Fix after importing' })).toBeNull();
    await expect(dialog.getByRole('button', { name: 'Import' })).toBeEnabled();
  },
};

/**
 * Characters that hide themselves show as marks: a right-to-left override in the URL
 * (which would make `https://api.example.com/\u202Etxt.tropxe` read as `…/export.txt`)
 * a zero-width space in a header's name and a direction isolate in the body are named by
 * their code points in the preview and marked in the panel's fields once imported.
 */
export const HiddenCharactersMarked: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialogAndFocusCommand(canvasElement);
    await userEvent.paste(
      "curl 'https://api.example.com/\u202Etxt.tropxe' -H 'X-Tra\u200Bce: on' -d '{\"note\":\"paid\u2066\"}'",
    );
    const preview = within(await dialog.findByRole('region', { name: 'What the import sets' }));
    const marks = await waitFor(async () => {
      const found = preview.getAllByText(/^U\+[0-9A-F]{4}$/);
      await expect(found.map((mark) => mark.textContent)).toEqual(['U+202E', 'U+200B', 'U+2066']);
      return found;
    });
    for (const mark of marks) await expect(mark).toBeVisible();
    await userEvent.click(dialog.getByRole('button', { name: 'Import' }));

    const panel = await panelOf(canvasElement);
    const url = await panel.findByRole('textbox', { name: 'URL' });
    await waitFor(async () =>
      expect(url.querySelector('.cm-specialChar')).toHaveAttribute(
        'aria-label',
        expect.stringMatching(/right-to-left override/),
      ),
    );
    const body = await panel.findByRole('textbox', { name: 'Body' });
    await waitFor(async () =>
      expect(body.querySelector('.cm-specialChar')).toHaveAttribute('aria-label', expect.stringMatching(/isolate/)),
    );
  },
};
