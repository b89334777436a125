import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApiError } from "../api/apiClient.ts";
import { useFormat } from "../i18n/format.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import type { FormFields } from "../ui/fields.tsx";
import type { FieldKinds } from "../ui/formBody.ts";
import { CommandForm } from "./CommandForm.tsx";
import type { Complaint, Customer } from "./customerAnswers.ts";

/**
 * A complaint handled the 4A way: acknowledge it, apologize, act (the resolution),
 * amend (compensation, and what prevents it next time). Each step shows whether it is done.
 */
const FourSteps = ({ complaint }: { complaint: Complaint }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const steps = [
    {
      key: "acknowledge",
      done: complaint.acknowledgedAt !== null,
      detail: format.dateTime(complaint.acknowledgedAt),
    },
    { key: "apologize", done: complaint.apologized === true, detail: complaint.acknowledgeNote ?? "" },
    { key: "act", done: complaint.resolvedAt !== null, detail: complaint.resolution ?? "" },
    {
      key: "amend",
      done:
        complaint.resolvedAt !== null &&
        (complaint.compensation !== null || complaint.preventiveAction !== null),
      detail: [
        complaint.compensation === null
          ? ""
          : `${t("complaints.compensation")}: ${format.money(complaint.compensation)}`,
        complaint.preventiveAction ?? "",
      ]
        .filter(Boolean)
        .join(" · "),
    },
  ];
  return (
    <ol className="four-steps">
      {steps.map((step) => (
        <li key={step.key} className={step.done ? "done" : "todo"} data-testid={`step-${step.key}`}>
          <strong>
            {step.done ? "✓ " : ""}
            {t(`complaints.steps.${step.key}`)}
          </strong>
          <span className="visually-hidden">
            {step.done ? t("complaints.done") : t("complaints.notDone")}
          </span>
          {step.detail && step.done ? <span className="four-steps__detail">{step.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
};

/** The step of the 4A handling a complaint waits for, with what that step asks; none once resolved. */
const nextStep = (
  status: Complaint["status"],
  t: (key: string) => string,
): { name: string; kinds: FieldKinds; fields: (field: FormFields) => ReactNode } | null => {
  if (status === "filed")
    return {
      name: "acknowledge",
      kinds: { booleans: ["apologized"] },
      fields: (field) => (
        <>
          {field.checkbox("apologized", t("complaints.apologized"))}
          {field.text("note", t("commands.note"))}
        </>
      ),
    };
  if (status === "acknowledged")
    return {
      name: "resolve",
      kinds: { numbers: ["compensation"] },
      fields: (field) => (
        <>
          {field.area("resolution", t("complaints.resolution"), { required: true })}
          {field.text("compensation", t("complaints.compensation"), { type: "number" })}
          {field.text("preventiveAction", t("complaints.preventiveAction"))}
        </>
      ),
    };
  return null;
};

export const ComplaintList = ({
  customer,
  complaints,
  onDone,
  onRefused,
}: {
  customer: Customer;
  complaints: Complaint[];
  onDone: () => void;
  onRefused: (error: ApiError) => void;
}) => {
  const { t } = useTranslation();
  const format = useFormat();
  const { role } = useSession();
  // Only complaints filed on this customer are handled here, not those of a duplicate merged into it.
  const handlesHere = (complaint: Complaint) =>
    may(role, "handleComplaint") && (complaint.customerId ?? customer.customerId) === customer.customerId;
  const base = `/customers/${customer.customerId}/complaints`;
  const common = { revision: customer.revision, onDone, onRefused };
  return (
    <section className="panel" aria-labelledby="complaints-title" data-testid="complaints">
      <h2 id="complaints-title">{t("complaints.title")}</h2>
      {complaints.length === 0 ? <p className="empty">{t("common.none")}</p> : null}
      <ul className="complaints">
        {complaints.map((complaint) => {
          const step = nextStep(complaint.status, t);
          return (
            <li key={complaint.complaintId} data-testid="complaint" data-status={complaint.status}>
              <p>
                <span className={`tag tag--${complaint.severity}`}>
                  {t(`severities.${complaint.severity}`)}
                </span>{" "}
                <span className="tag">{t(`categories.${complaint.category}`)}</span>{" "}
                <span className="tag" data-testid="complaint-status">
                  {t(`complaints.status.${complaint.status}`)}
                </span>{" "}
                <small>{format.dateTime(complaint.filedAt)}</small>
              </p>
              <p>{complaint.description}</p>
              <FourSteps complaint={complaint} />
              {complaint.customerId && complaint.customerId !== customer.customerId ? (
                <p className="notice">
                  {t("complaints.fromMerged")}{" "}
                  <Link to={`/customers/${complaint.customerId}`}>{complaint.customerId.slice(0, 8)}</Link>
                </p>
              ) : null}
              {step && handlesHere(complaint) ? (
                <CommandForm
                  // Each step is a form of its own: the next one starts closed and empty.
                  key={step.name}
                  id={`${step.name}-${complaint.complaintId}`}
                  title={t(`complaints.${step.name}`)}
                  path={`${base}/${complaint.complaintId}/${step.name}`}
                  kinds={step.kinds}
                  submitLabel={t(`complaints.${step.name}`)}
                  {...common}
                  fields={step.fields}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
};
