import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";
import type { ApiFeatures } from "../api/apiFeatures.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { SelectField, TextArea, TextField } from "../ui/fields.tsx";
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
  const common = { revision: customer.revision, onDone, onRefused };
  const options = (values: readonly string[], catalogue: string) =>
    values.map((value) => ({ value, label: t(`${catalogue}.${value}`) }));
  const forms = [
    may(role, "updateProfile") && features?.has("PATCH", "/customers/{id}") && (
      <CommandForm
        key="profile"
        id="profile"
        title={t("commands.editProfile")}
        method="PATCH"
        path={base}
        kinds={{ lists: ["tags"], nullable: ["company", "email", "phone", "region", "industry"] }}
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <>
            {(["name", "company", "email", "phone", "region", "industry"] as const).map((field) => (
              <TextField
                key={field}
                form="profile"
                name={field}
                label={t(`customer.${field}`)}
                defaultValue={customer[field] ?? ""}
                error={error(field)}
                required={field === "name"}
              />
            ))}
            <TextField
              form="profile"
              name="tags"
              label={t("customer.tags")}
              hint={t("lead.tagsHint")}
              defaultValue={customer.tags.join(", ")}
              error={error("tags")}
            />
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
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <>
            <SelectField
              form="stage"
              name="stage"
              label={t("customer.stage")}
              options={options(
                STAGES.filter((stage) => stage !== customer.stage),
                "stages",
              )}
              error={error("stage")}
            />
            <TextField
              form="stage"
              name="amount"
              type="number"
              label={t("commands.amount")}
              error={error("amount")}
            />
            <SelectField
              form="stage"
              name="lostReason"
              label={t("commands.lostReason")}
              blank={t("common.notGiven")}
              options={options(LOST_REASONS, "lostReasons")}
              error={error("lostReason")}
            />
            <TextField
              form="stage"
              name="lostNote"
              label={t("commands.lostNote")}
              error={error("lostNote")}
            />
            <TextField
              form="stage"
              name="expectedValue"
              type="number"
              label={t("customer.expectedValue")}
              error={error("expectedValue")}
            />
            <TextField form="stage" name="note" label={t("commands.note")} error={error("note")} />
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
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <>
            <SelectField
              form="interaction"
              name="channel"
              label={t("commands.channel")}
              options={options(INTERACTION_CHANNELS, "channels")}
              error={error("channel")}
            />
            <SelectField
              form="interaction"
              name="direction"
              label={t("commands.direction")}
              options={options(DIRECTIONS, "directions")}
              error={error("direction")}
            />
            <SelectField
              form="interaction"
              name="department"
              label={t("commands.department")}
              options={options(DEPARTMENTS, "departments")}
              defaultValue={role === "service" ? "service" : "sales"}
              error={error("department")}
            />
            <SelectField
              form="interaction"
              name="outcome"
              label={t("commands.outcome")}
              blank={t("common.notGiven")}
              options={options(OUTCOMES, "outcomes")}
              error={error("outcome")}
            />
            <TextArea
              form="interaction"
              name="summary"
              label={t("commands.summary")}
              error={error("summary")}
              required
            />
            <TextField
              form="interaction"
              name="durationSeconds"
              type="number"
              label={t("commands.durationSeconds")}
              error={error("durationSeconds")}
            />
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
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <>
            <SelectField
              form="complaint"
              name="category"
              label={t("complaints.category")}
              options={options(COMPLAINT_CATEGORIES, "categories")}
              error={error("category")}
            />
            <SelectField
              form="complaint"
              name="severity"
              label={t("complaints.severity")}
              options={options(SEVERITIES, "severities")}
              error={error("severity")}
            />
            <SelectField
              form="complaint"
              name="channel"
              label={t("commands.channel")}
              blank={t("common.notGiven")}
              options={options(INTERACTION_CHANNELS, "channels")}
              error={error("channel")}
            />
            <TextArea
              form="complaint"
              name="description"
              label={t("complaints.description")}
              error={error("description")}
              required
            />
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
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <>
            <TextField
              form="purchase"
              name="orderId"
              label={t("commands.orderId")}
              error={error("orderId")}
              required
            />
            <TextField
              form="purchase"
              name="amount"
              type="number"
              label={t("commands.amount")}
              error={error("amount")}
              required
            />
            <TextField
              form="purchase"
              name="product"
              label={t("commands.product")}
              error={error("product")}
            />
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
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <TextField
            form="owner"
            name="ownerId"
            label={t("customer.owner")}
            hint={t("commands.ownerHint")}
            defaultValue={customer.ownerId ?? ""}
            error={error("ownerId")}
          />
        )}
      />
    ),
    may(role, "scheduleFollowUp") && features?.has("POST", "/customers/{id}/follow-ups") && (
      <CommandForm
        key="follow-up"
        id="follow-up"
        title={t("followUps.schedule")}
        path={`${base}/follow-ups`}
        kinds={{ instants: ["dueAt"] }}
        submitLabel={t("commands.send")}
        {...common}
        fields={(error) => (
          <>
            <TextField
              form="follow-up"
              name="title"
              label={t("followUps.titleField")}
              error={error("title")}
              required
            />
            <TextField
              form="follow-up"
              name="dueAt"
              type="datetime-local"
              label={t("followUps.dueAt")}
              error={error("dueAt")}
              required
            />
            <TextField
              form="follow-up"
              name="assigneeId"
              label={t("followUps.assignee")}
              hint={t("followUps.assigneeHint")}
              error={error("assigneeId")}
            />
            <TextField form="follow-up" name="note" label={t("commands.note")} error={error("note")} />
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
