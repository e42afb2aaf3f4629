import { describe, expect, it } from 'vitest';
import { mergeRegistry, mergeTemplates } from '../../../src/editor/panel/form/host-form-parts';

const ours = () => null;
const theirs = () => null;
const other = () => null;

describe("mergeRegistry (a host's widgets and fields over the editor's)", () => {
  it("is the editor's own object when the host adds nothing", () => {
    const registry = { reference: ours };
    expect(mergeRegistry(registry, undefined, {})).toBe(registry);
  });

  it("adds the host's entries and lets them win over the editor's of the same name", () => {
    const merged = mergeRegistry({ reference: ours, select: ours }, { colour: theirs, select: theirs });
    expect(merged).toEqual({ reference: ours, select: theirs, colour: theirs });
  });

  it("lets a later layer (a form's own props) win over an earlier one (the panel's)", () => {
    expect(mergeRegistry({ select: ours }, { select: theirs }, { select: other })).toEqual({ select: other });
  });
});

describe("mergeTemplates (rjsf's merge: ButtonTemplates one by one)", () => {
  const editorTemplates = { FieldTemplate: ours, ButtonTemplates: { AddButton: ours, RemoveButton: ours } };

  it("is the editor's own object when the host adds nothing", () => {
    expect(mergeTemplates(editorTemplates, undefined)).toBe(editorTemplates);
  });

  it('replaces one button and keeps the others', () => {
    const merged = mergeTemplates(editorTemplates, { ButtonTemplates: { AddButton: theirs } });
    expect(merged).toEqual({ FieldTemplate: ours, ButtonTemplates: { AddButton: theirs, RemoveButton: ours } });
    expect(editorTemplates.ButtonTemplates.AddButton).toBe(ours);
  });

  it('replaces a template by name and keeps every button', () => {
    const merged = mergeTemplates(editorTemplates, { FieldTemplate: theirs });
    expect(merged).toEqual({ FieldTemplate: theirs, ButtonTemplates: { AddButton: ours, RemoveButton: ours } });
  });
});
