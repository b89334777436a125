import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";

/**
 * The API's refusal in the person's language (by its code), with the API's own words beneath.
 * `forbidden` is what to say instead when the person's role may not ask (a 403).
 */
export const Problem = ({ error, forbidden }: { error: ApiError | null | undefined; forbidden?: string }) => {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  if (forbidden && error.status === 403) return <p className="problem">{forbidden}</p>;
  const known = i18n.exists(`errors.${error.code}`) ? t(`errors.${error.code}`) : "";
  return (
    <div className="problem" role="alert" data-testid="problem" data-code={error.code}>
      <strong>{known || t("errors.generic", { status: error.status })}</strong>
      {error.message ? <span className="problem__detail">{error.message}</span> : null}
    </div>
  );
};
