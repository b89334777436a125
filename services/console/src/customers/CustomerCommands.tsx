import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";
import type { ApiFeatures } from "../api/apiFeatures.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { useChoices } from "../ui/fields.tsx";
import {
  COMPLAINT_CATEGORIES,
  DEPARTMENTS,
  DIRECTIONS,
  INTERACTION_CHANNELS,
  LOST_REASONS,
  OUTCOMES,
  SEVERITIES,
  STAGES,
} from "../vocabulary.ts";
import { CommandForm } from "./CommandForm.tsx";
import type { Customer } from "./customerAnswers.ts";

/** The forms for the commands the signed-in role may issue on this customer (section 2). */
export const CustomerCommands = ({
  customer,
  onDone,
  onRefused,
  features,
}: {
  features: ApiFeatures | undefined;
  customer: Customer;
  onDone: () => void;
  onRefused: (error: ApiError) => void;
}) => {
  const { t } = useTranslation();
  const { role } = useSession();
  const base = `/customers/${customer.customerId}`;
  const common = { revision: customer.revision, onDone, onRefused, submitLabel: t("commands.send") };
  const choices = useChoices();
  const notGiven = { blank: t("common.notGiven") };
  const forms = [
    may(role, "updateProfile") && features?.has("PATCH", "/customers/{id}") && (
      <CommandForm
        key="profile"
        id="profile"
        title={t("commands.editProfile")}
        method="PATCH"
        path={base}
        kinds={{ lists: ["tags"], nullable: ["company", "email", "phone", "region", "industry"] }}
        {...common}
        fields={(field) => (
          <>
            {(["name", "company", "email", "phone", "region", "industry"] as const).map((name) =>
              field.text(name, t(`customer.${name}`), {
                defaultValue: customer[name] ?? "",
                required: name === "name",
              }),
            )}
            {field.text("tags", t("customer.tags"), {
              hint: t("lead.tagsHint"),
              defaultValue: customer.tags.join(", "),
            })}
          </>
        )}
      />
    ),
    may(role, "advanceStage") && (
      <CommandForm
        key="stage"
        id="stage"
        title={t("commands.advanceStage")}
        path={`${base}/stage`}
        kinds={{ numbers: ["amount", "expectedValue"] }}
        {...common}
        fields={(field) => (
          <>
            {field.choice(
              "stage",
              t("customer.stage"),
              choices(
                STAGES.filter((stage) => stage !== customer.stage),
                "stages",
              ),
            )}
            {field.text("amount", t("commands.amount"), { type: "number" })}
            {field.choice(
              "lostReason",
              t("commands.lostReason"),
              choices(LOST_REASONS, "lostReasons"),
              notGiven,
            )}
            {field.text("lostNote", t("commands.lostNote"))}
            {field.text("expectedValue", t("customer.expectedValue"), { type: "number" })}
            {field.text("note", t("commands.note"))}
          </>
        )}
      />
    ),
    may(role, "logInteraction") && (
      <CommandForm
        key="interaction"
        id="interaction"
        title={t("commands.logInteraction")}
        path={`${base}/interactions`}
        kinds={{ numbers: ["durationSeconds"] }}
        {...common}
        fields={(field) => (
          <>
            {field.choice("channel", t("commands.channel"), choices(INTERACTION_CHANNELS, "channels"))}
            {field.choice("direction", t("commands.direction"), choices(DIRECTIONS, "directions"))}
            {field.choice("department", t("commands.department"), choices(DEPARTMENTS, "departments"), {
              defaultValue: role === "service" ? "service" : "sales",
            })}
            {field.choice("outcome", t("commands.outcome"), choices(OUTCOMES, "outcomes"), notGiven)}
            {field.area("summary", t("commands.summary"), { required: true })}
            {field.text("durationSeconds", t("commands.durationSeconds"), { type: "number" })}
          </>
        )}
      />
    ),
    may(role, "fileComplaint") && (
      <CommandForm
        key="complaint"
        id="complaint"
        title={t("commands.fileComplaint")}
        path={`${base}/complaints`}
        {...common}
        fields={(field) => (
          <>
            {field.choice("category", t("complaints.category"), choices(COMPLAINT_CATEGORIES, "categories"))}
            {field.choice("severity", t("complaints.severity"), choices(SEVERITIES, "severities"))}
            {field.choice(
              "channel",
              t("commands.channel"),
              choices(INTERACTION_CHANNELS, "channels"),
              notGiven,
            )}
            {field.area("description", t("complaints.description"), { required: true })}
          </>
        )}
      />
    ),
    may(role, "recordPurchase") && (
      <CommandForm
        key="purchase"
        id="purchase"
        title={t("commands.recordPurchase")}
        path={`${base}/purchases`}
        kinds={{ numbers: ["amount"] }}
        {...common}
        fields={(field) => (
          <>
            {field.text("orderId", t("commands.orderId"), { required: true })}
            {field.text("amount", t("commands.amount"), { type: "number", required: true })}
            {field.text("product", t("commands.product"))}
          </>
        )}
      />
    ),
    may(role, "assignOwner") && (
      <CommandForm
        key="owner"
        id="owner"
        title={t("commands.assignOwner")}
        method="PUT"
        path={`${base}/owner`}
        kinds={{ nullable: ["ownerId"] }}
        {...common}
        fields={(field) =>
          field.text("ownerId", t("customer.owner"), {
            hint: t("commands.ownerHint"),
            defaultValue: customer.ownerId ?? "",
          })
        }
      />
    ),
    may(role, "scheduleFollowUp") && features?.has("POST", "/customers/{id}/follow-ups") && (
      <CommandForm
        key="follow-up"
        id="follow-up"
        title={t("followUps.schedule")}
        path={`${base}/follow-ups`}
        kinds={{ instants: ["dueAt"] }}
        {...common}
        fields={(field) => (
          <>
            {field.text("title", t("followUps.titleField"), { required: true })}
            {field.text("dueAt", t("followUps.dueAt"), { type: "datetime-local", required: true })}
            {field.text("assigneeId", t("followUps.assignee"), { hint: t("followUps.assigneeHint") })}
            {field.text("note", t("commands.note"))}
          </>
        )}
      />
    ),
  ].filter(Boolean);
  if (forms.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="commands-title">
      <h2 id="commands-title">{t("commands.title")}</h2>
      {forms}
    </section>
  );
};
