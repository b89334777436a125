import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

// Form fields that carry the API's field-level message: the message sits under the field,
// the field points at it (aria-describedby) and says it is invalid.

type Common = { name: string; label: string; error?: string | undefined; hint?: string };

const ids = (form: string, name: string) => ({ id: `${form}-${name}`, errorId: `${form}-${name}-error` });

const Frame = ({
  form,
  name,
  label,
  error,
  hint,
  children,
}: Common & { form: string; children: ReactNode }) => {
  const { id, errorId } = ids(form, name);
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error ? <small className="field__hint">{hint}</small> : null}
      {error ? (
        <small className="field__error" id={errorId} data-testid={`error-${name}`}>
          {error}
        </small>
      ) : null}
    </div>
  );
};

const described = (form: string, name: string, error?: string) => {
  const { id, errorId } = ids(form, name);
  return {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
  };
};

export const TextField = ({
  form,
  type = "text",
  defaultValue,
  required,
  step,
  ...common
}: Common & {
  form: string;
  type?: string;
  defaultValue?: string | number | undefined;
  required?: boolean;
  step?: string;
}) => (
  <Frame form={form} {...common}>
    <input
      {...described(form, common.name, common.error)}
      type={type}
      step={step}
      defaultValue={defaultValue}
      aria-required={required || undefined}
    />
  </Frame>
);

export const TextArea = ({ form, required, ...common }: Common & { form: string; required?: boolean }) => (
  <Frame form={form} {...common}>
    <textarea
      {...described(form, common.name, common.error)}
      rows={3}
      aria-required={required || undefined}
    />
  </Frame>
);

export type Option = { value: string; label: string };

/** The options of a select, each value with its words. */
export const ChoiceOptions = ({ options }: { options: Option[] }) =>
  options.map((option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  ));

export const SelectField = ({
  form,
  options,
  blank,
  defaultValue,
  onChange,
  ...common
}: Common & {
  form: string;
  options: Option[];
  /** The label of an empty first choice (none chosen), if there is one. */
  blank?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
}) => (
  <Frame form={form} {...common}>
    <select
      {...described(form, common.name, common.error)}
      defaultValue={defaultValue}
      onChange={onChange ? (event) => onChange(event.target.value) : undefined}
    >
      {blank !== undefined ? <option value="">{blank}</option> : null}
      <ChoiceOptions options={options} />
    </select>
  </Frame>
);

export const CheckboxField = ({ form, name, label }: { form: string; name: string; label: string }) => (
  <div className="field field--checkbox">
    <input type="checkbox" id={`${form}-${name}`} name={name} value="true" />
    <label htmlFor={`${form}-${name}`}>{label}</label>
  </div>
);

type TextExtras = {
  type?: string;
  required?: boolean;
  hint?: string;
  defaultValue?: string | number | undefined;
};
type ChoiceExtras = { blank?: string; defaultValue?: string };

/**
 * The fields of one form, each already tied to the form (its element ids) and to the API's
 * message for it, so a form names each field once.
 */
export const formFields = (
  form: string,
  fieldError: (name: string) => string | undefined = () => undefined,
) => ({
  text: (name: string, label: string, extras: TextExtras = {}) => (
    <TextField key={name} form={form} name={name} label={label} error={fieldError(name)} {...extras} />
  ),
  area: (name: string, label: string, extras: { required?: boolean } = {}) => (
    <TextArea key={name} form={form} name={name} label={label} error={fieldError(name)} {...extras} />
  ),
  choice: (name: string, label: string, options: Option[], extras: ChoiceExtras = {}) => (
    <SelectField
      key={name}
      form={form}
      name={name}
      label={label}
      options={options}
      error={fieldError(name)}
      {...extras}
    />
  ),
  checkbox: (name: string, label: string) => (
    <CheckboxField key={name} form={form} name={name} label={label} />
  ),
});

export type FormFields = ReturnType<typeof formFields>;

/** A closed vocabulary as choices, each named in the person's language from its catalogue section. */
export const useChoices = () => {
  const { t } = useTranslation();
  return (values: readonly string[], catalogue: string): Option[] =>
    values.map((value) => ({ value, label: t(`${catalogue}.${value}`) }));
};
