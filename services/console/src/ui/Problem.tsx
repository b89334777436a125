import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";

/** The API's refusal in the person's language (by its code), with the API's own words beneath. */
export const Problem = ({ error }: { error: ApiError | null | undefined }) => {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const known = i18n.exists(`errors.${error.code}`) ? t(`errors.${error.code}`) : "";
  return (
    <div className="problem" role="alert" data-testid="problem" data-code={error.code}>
      <strong>{known || t("errors.generic", { status: error.status })}</strong>
      {error.message ? <span className="problem__detail">{error.message}</span> : null}
    </div>
  );
};
