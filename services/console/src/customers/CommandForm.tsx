import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";
import { useSession } from "../session/session.tsx";
import { type FormFields, formFields } from "../ui/fields.tsx";
import { type FieldKinds, formBody } from "../ui/formBody.ts";
import { Problem } from "../ui/Problem.tsx";
import { useCommand } from "../ui/useCommand.ts";

/**
 * One command on the customer on screen, sent with If-Match: the revision shown. The
 * fields come from the caller, made with this form's fields (each shows the API's message for it).
 */
export const CommandForm = ({
  id,
  title,
  method = "POST",
  path,
  revision,
  kinds,
  fields,
  submitLabel,
  onDone,
  onRefused,
  open,
}: {
  id: string;
  title: string;
  method?: "POST" | "PUT" | "PATCH";
  path: string;
  revision: number;
  kinds?: FieldKinds;
  fields: (field: FormFields) => ReactNode;
  submitLabel: string;
  onDone: () => void;
  onRefused: (error: ApiError) => void;
  open?: boolean;
}) => {
  const { t } = useTranslation();
  const { api } = useSession();
  const command = useCommand(
    (form) => {
      const body = formBody(new FormData(form), kinds);
      if (method === "PUT") return api.put(path, body, { revision });
      if (method === "PATCH") return api.patch(path, body, { revision });
      return api.post(path, body, { revision });
    },
    onDone,
    onRefused,
  );
  return (
    <details className="command" data-testid={`command-${id}`} open={open}>
      <summary>{title}</summary>
      <form onSubmit={command.onSubmit} noValidate aria-label={title}>
        <div className="form__grid">{fields(formFields(id, command.fieldError))}</div>
        {command.error?.status === 412 ? null : <Problem error={command.error} />}
        <button type="submit" disabled={command.busy}>
          {submitLabel}
        </button>
        <small className="command__revision">{t("customer.sentWithRevision", { revision })}</small>
      </form>
    </details>
  );
};
