import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useSession } from "../session/session.tsx";
import { CheckboxField, SelectField, TextField } from "../ui/fields.tsx";
import { formBody } from "../ui/formBody.ts";
import { Problem } from "../ui/Problem.tsx";
import { useCommand } from "../ui/useCommand.ts";
import { LEAD_SOURCES } from "../vocabulary.ts";

const FORM = "lead";

export const NewLeadPage = () => {
  const { t } = useTranslation();
  const { api } = useSession();
  const navigate = useNavigate();
  const command = useCommand(
    (form) =>
      api.post<{ customerId: string }>(
        "/leads",
        formBody(new FormData(form), {
          numbers: ["expectedValue"],
          lists: ["tags"],
          booleans: ["allowDuplicate"],
        }),
      ),
    (created) => navigate(`/customers/${created.customerId}`),
  );
  const duplicates =
    command.error?.code === "duplicate"
      ? ((command.error.details as { duplicateOf?: string[] } | undefined)?.duplicateOf ?? [])
      : [];
  const field = (name: string, extra: { type?: string; required?: boolean; hint?: string } = {}) => (
    <TextField
      form={FORM}
      name={name}
      label={t(`lead.${name}`)}
      error={command.fieldError(name)}
      {...extra}
    />
  );
  return (
    <>
      <h1>{t("lead.title")}</h1>
      <form className="form" onSubmit={command.onSubmit} noValidate aria-label={t("lead.title")}>
        <div className="form__grid">
          {field("name", { required: true })}
          {field("company")}
          {field("email", { type: "email" })}
          {field("phone", { type: "tel" })}
          <SelectField
            form={FORM}
            name="source"
            label={t("lead.source")}
            options={LEAD_SOURCES.map((source) => ({ value: source, label: t(`sources.${source}`) }))}
            error={command.fieldError("source")}
          />
          {field("region")}
          {field("industry")}
          {field("expectedValue", { type: "number" })}
          {field("tags", { hint: t("lead.tagsHint") })}
          {field("ownerId", { hint: t("lead.ownerHint") })}
          {field("referredBy", { hint: t("lead.referredByHint") })}
        </div>
        <Problem error={command.error} />
        {duplicates.length > 0 ? (
          <div className="notice">
            <p>{t("lead.duplicates")}</p>
            <ul>
              {duplicates.map((id) => (
                <li key={id}>
                  <Link to={`/customers/${id}`}>{id}</Link>
                </li>
              ))}
            </ul>
            <CheckboxField form={FORM} name="allowDuplicate" label={t("lead.allowDuplicate")} />
          </div>
        ) : null}
        <button type="submit" disabled={command.busy}>
          {t("lead.submit")}
        </button>
      </form>
    </>
  );
};
