import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useSession } from "../session/session.tsx";
import { formFields, useChoices } from "../ui/fields.tsx";
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
  const field = formFields(FORM, command.fieldError);
  const choices = useChoices();
  // A lead's fields are the customer's, named as on the customer's page.
  const profileField = (name: string, extras: { type?: string; required?: boolean } = {}) =>
    field.text(name, t(`customer.${name}`), extras);
  return (
    <>
      <h1>{t("lead.title")}</h1>
      <form className="form" onSubmit={command.onSubmit} noValidate aria-label={t("lead.title")}>
        <div className="form__grid">
          {profileField("name", { required: true })}
          {profileField("company")}
          {profileField("email", { type: "email" })}
          {profileField("phone", { type: "tel" })}
          {field.choice("source", t("customer.source"), choices(LEAD_SOURCES, "sources"))}
          {profileField("region")}
          {profileField("industry")}
          {profileField("expectedValue", { type: "number" })}
          {field.text("tags", t("customer.tags"), { hint: t("lead.tagsHint") })}
          {field.text("ownerId", t("customer.owner"), { hint: t("lead.ownerHint") })}
          {field.text("referredBy", t("lead.referredBy"), { hint: t("lead.referredByHint") })}
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
            {field.checkbox("allowDuplicate", t("lead.allowDuplicate"))}
          </div>
        ) : null}
        <button type="submit" disabled={command.busy}>
          {t("lead.submit")}
        </button>
      </form>
    </>
  );
};
