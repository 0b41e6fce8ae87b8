import type { KubeObject } from "./kustomize";

export interface TemplateParameter {
  name: string;
  value?: string;
  required?: boolean;
  description?: string;
}

export interface OpenShiftTemplate {
  apiVersion: string;
  kind: "Template";
  metadata: { name: string };
  objects: KubeObject[];
  parameters: TemplateParameter[];
}

const reference = /\$\{\{?([A-Z0-9_]+)\}?\}/g;

/** Every parameter name the template's objects refer to, as `${NAME}` or `${{NAME}}`. */
export function referencedParameters(template: OpenShiftTemplate): Set<string> {
  const names = new Set<string>();
  for (const match of JSON.stringify(template.objects).matchAll(reference)) names.add(match[1]!);
  return names;
}

/**
 * `oc process` for what this repository's templates use: `${NAME}` inside a string is replaced
 * by the value; a string that is exactly `${{NAME}}` becomes the value parsed as JSON (a number,
 * a boolean), as OpenShift does for non-string fields. A required parameter without a value, or
 * a reference to an undeclared one, throws.
 */
export function processTemplate(template: OpenShiftTemplate, given: Record<string, string> = {}): KubeObject[] {
  const values = new Map<string, string>();
  for (const p of template.parameters) {
    const value = given[p.name] ?? p.value;
    if (value === undefined || (p.required && value === "")) {
      if (p.required) throw new Error(`parameter ${p.name} is required`);
      values.set(p.name, "");
    } else values.set(p.name, value);
  }
  for (const name of Object.keys(given)) if (!values.has(name)) throw new Error(`parameter ${name} is not declared`);
  const lookup = (name: string): string => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`parameter ${name} is used but not declared`);
    return value;
  };
  const substitute = (v: unknown): unknown => {
    if (typeof v === "string") {
      const whole = /^\$\{\{([A-Z0-9_]+)\}\}$/.exec(v);
      if (whole) {
        const raw = lookup(whole[1]!);
        try {
          return JSON.parse(raw);
        } catch {
          return raw;
        }
      }
      return v.replace(reference, (_, name: string) => lookup(name));
    }
    if (Array.isArray(v)) return v.map(substitute);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)]));
    return v;
  };
  return template.objects.map((o) => substitute(o) as KubeObject);
}
