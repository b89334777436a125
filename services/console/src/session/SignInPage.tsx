import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/apiClient.ts";
import { LanguageSwitch } from "../Layout.tsx";
import { useSessionState } from "./session.tsx";

export const SignInPage = () => {
  const { t } = useTranslation();
  const { signIn } = useSessionState();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const key = String(new FormData(event.currentTarget).get("apiKey") ?? "");
    if (!key.trim()) return setProblem(t("signIn.keyMissing"));
    setBusy(true);
    setProblem(null);
    try {
      await signIn(key);
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 401 ? t("signIn.keyUnknown") : t("errors.network"),
      );
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in__card">
        <div className="sign-in__top">
          <h1>{t("app.name")}</h1>
          <LanguageSwitch />
        </div>
        <p>{t("signIn.intro")}</p>
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor="apiKey">{t("signIn.apiKey")}</label>
            <input
              id="apiKey"
              name="apiKey"
              type="password"
              autoComplete="off"
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? "sign-in-problem" : undefined}
            />
          </div>
          {problem ? (
            <p className="problem" role="alert" id="sign-in-problem">
              {problem}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            {t("signIn.submit")}
          </button>
        </form>
        <p className="sign-in__hint">{t("signIn.hint")}</p>
      </div>
    </main>
  );
};
