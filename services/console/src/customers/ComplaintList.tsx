import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApiError } from "../api/apiClient.ts";
import { useFormat } from "../i18n/format.ts";
import { may } from "../session/permissions.ts";
import { useSession } from "../session/session.tsx";
import { CheckboxField, TextArea, TextField } from "../ui/fields.tsx";
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
  const handles = may(role, "handleComplaint");
  const base = `/customers/${customer.customerId}/complaints`;
  return (
    <section className="panel" aria-labelledby="complaints-title" data-testid="complaints">
      <h2 id="complaints-title">{t("complaints.title")}</h2>
      {complaints.length === 0 ? <p className="empty">{t("common.none")}</p> : null}
      <ul className="complaints">
        {complaints.map((complaint) => (
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
            {handles &&
            complaint.status === "filed" &&
            (complaint.customerId ?? customer.customerId) === customer.customerId ? (
              <CommandForm
                id={`acknowledge-${complaint.complaintId}`}
                title={t("complaints.acknowledge")}
                path={`${base}/${complaint.complaintId}/acknowledge`}
                revision={customer.revision}
                kinds={{ booleans: ["apologized"] }}
                submitLabel={t("complaints.acknowledge")}
                onDone={onDone}
                onRefused={onRefused}
                fields={(error) => (
                  <>
                    <CheckboxField
                      form={`ack-${complaint.complaintId}`}
                      name="apologized"
                      label={t("complaints.apologized")}
                    />
                    <TextField
                      form={`ack-${complaint.complaintId}`}
                      name="note"
                      label={t("commands.note")}
                      error={error("note")}
                    />
                  </>
                )}
              />
            ) : null}
            {handles &&
            complaint.status === "acknowledged" &&
            (complaint.customerId ?? customer.customerId) === customer.customerId ? (
              <CommandForm
                id={`resolve-${complaint.complaintId}`}
                title={t("complaints.resolve")}
                path={`${base}/${complaint.complaintId}/resolve`}
                revision={customer.revision}
                kinds={{ numbers: ["compensation"] }}
                submitLabel={t("complaints.resolve")}
                onDone={onDone}
                onRefused={onRefused}
                fields={(error) => (
                  <>
                    <TextArea
                      form={`res-${complaint.complaintId}`}
                      name="resolution"
                      label={t("complaints.resolution")}
                      error={error("resolution")}
                      required
                    />
                    <TextField
                      form={`res-${complaint.complaintId}`}
                      name="compensation"
                      type="number"
                      label={t("complaints.compensation")}
                      error={error("compensation")}
                    />
                    <TextField
                      form={`res-${complaint.complaintId}`}
                      name="preventiveAction"
                      label={t("complaints.preventiveAction")}
                      error={error("preventiveAction")}
                    />
                  </>
                )}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
};
