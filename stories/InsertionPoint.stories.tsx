import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { InsertionPointButton } from '../src/editor';

/** A step card as the canvas shows it, drawn for the frame only (not a control). */
function StepSketch(props: { name: string }): ReactElement {
  return (
    <div
      style={{
        width: 256,
        padding: '14px 16px',
        background: 'var(--wfe-color-surface)',
        border: '1px solid var(--wfe-color-border)',
        borderRadius: 'var(--wfe-radius-md)',
        boxShadow: 'var(--wfe-shadow-sm)',
        color: 'var(--wfe-color-text)',
        fontFamily: 'var(--wfe-font-family)',
        fontWeight: 600,
      }}
    >
      {props.name}
    </div>
  );
}

const meta = {
  title: 'Components/InsertionPoint',
  component: InsertionPointButton,
  tags: ['autodocs'],
  args: { description: 'after Notify CRM', onActivate: fn() },
  // On its connector between two steps, as the canvas draws it (the cards only sketched).
  decorators: [
    (Story) => (
      <div
        className="wfe-root"
        style={{
          height: '100vh',
          display: 'grid',
          placeItems: 'center',
          background:
            'var(--wfe-color-canvas) radial-gradient(var(--wfe-color-canvas-dots) 1px, transparent 1px) 0 0 / 16px 16px',
        }}
      >
        <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center' }}>
          <StepSketch name="Notify CRM" />
          <div
            aria-hidden="true"
            style={{ width: 0, height: 28, borderLeft: '1.5px solid var(--wfe-color-connector)' }}
          />
          <div style={{ position: 'relative', width: 24, height: 24 }}>
            <Story />
          </div>
          <div
            aria-hidden="true"
            style={{ width: 0, height: 28, borderLeft: '1.5px solid var(--wfe-color-connector)' }}
          />
          <StepSketch name="Approve inquiry" />
        </div>
      </div>
    ),
  ],
} satisfies Meta<typeof InsertionPointButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** At rest: a small "+" on the connector, in the page and focusable without hovering. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const button = canvas.getByRole('button', { name: 'Add step' });
    await expect(button).toHaveAccessibleDescription('after Notify CRM');
    await expect(button.className).not.toContain('wfe-insert--prominent');
    // Reachable by keyboard; Enter and Space activate it.
    await userEvent.tab();
    await expect(button).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(args.onActivate).toHaveBeenCalledTimes(1);
    await userEvent.keyboard(' ');
    await expect(args.onActivate).toHaveBeenCalledTimes(2);
    await userEvent.click(button);
    await expect(args.onActivate).toHaveBeenCalledTimes(3);
    // Keyboard focus makes it prominent (accent-filled, after a short transition).
    await waitFor(() => expect(getComputedStyle(button).backgroundColor).toBe('rgb(79, 91, 213)'));
  },
};

/** Prominent: a step is being dragged over it (and how hover and focus look). */
export const Prominent: Story = {
  args: { prominent: true, description: 'at the start of High risk' },
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Add step' });
    await expect(button).toHaveAccessibleDescription('at the start of High risk');
    await expect(button.className).toContain('wfe-insert--prominent');
    await waitFor(() => expect(getComputedStyle(button).backgroundColor).toBe('rgb(79, 91, 213)'));
  },
};
