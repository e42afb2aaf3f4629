// ---------------------------------------------------------------------------
// Widgets, fields and templates a host adds to the configuration forms (a colour picker,
// a "choose from your CRM" select), and how they join the editor's own: merged over them
// the way rjsf's registry merges a form's over its defaults, so a host's entry of the same
// name wins and `ButtonTemplates` merge one by one. The editor and its panels hand them
// down to every form through a context; a form's own props merge over that again.
// Types only from rjsf: the panels read this before any of the form has loaded.
// ---------------------------------------------------------------------------

import type { RegistryFieldsType, RegistryWidgetsType, TemplatesType } from '@rjsf/utils';
import { createContext } from 'react';

/**
 * Templates a host adds to or replaces in the configuration forms: any of rjsf's
 * templates by its name (`FieldTemplate`, `BaseInputTemplate`, ...), and any of its
 * `ButtonTemplates` one by one.
 */
export type HostFormTemplates = Partial<Omit<TemplatesType, 'ButtonTemplates'>> & {
  ButtonTemplates?: Partial<TemplatesType['ButtonTemplates']>;
};

/** What a host adds to the configuration forms. Keep the objects stable (module constants). */
export interface HostFormParts {
  /**
   * Widgets by the name an action's uiSchema gives `ui:widget` (`"colour"`), or by one of
   * rjsf's names (`TextWidget`) to replace that widget everywhere. A host's entry wins over
   * the editor's of the same name (`reference`, `secret`, `seconds`, `select`, `checkbox`,
   * `textarea`).
   */
  widgets?: RegistryWidgetsType;
  /** Fields by the name a uiSchema gives `ui:field`; a host's wins over the editor's (`json`, `jsonSchema`). */
  fields?: RegistryFieldsType;
  /** Templates (see {@link HostFormTemplates}); a host's win over the editor's. */
  templates?: HostFormTemplates;
}

/** The host's form parts for every configuration form below it. */
export const HostFormPartsContext = /* @__PURE__ */ createContext<HostFormParts>({});

/** `ours` with `theirs` over it, layer by layer (later layers win); `ours` itself when no layer adds anything. */
export function mergeRegistry<R extends object>(ours: R, ...layers: readonly (object | undefined)[]): R {
  const given = layers.filter((layer): layer is object => layer !== undefined && Object.keys(layer).length > 0);
  return given.length === 0 ? ours : (Object.assign({}, ours, ...given) as R);
}

/** Templates merged the way rjsf merges a form's over its defaults: `ButtonTemplates` one by one, the rest by name. */
export function mergeTemplates<R extends { ButtonTemplates?: object }>(
  ours: R,
  ...layers: readonly (HostFormTemplates | undefined)[]
): R {
  const merged = mergeRegistry(ours, ...layers);
  if (merged === ours) return ours;
  return {
    ...merged,
    ButtonTemplates: mergeRegistry({ ...ours.ButtonTemplates }, ...layers.map((layer) => layer?.ButtonTemplates)),
  };
}
