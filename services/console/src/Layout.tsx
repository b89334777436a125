import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useApiFeatures } from "./api/apiFeatures.ts";
import { chooseLanguage, LANGUAGES, type Language } from "./i18n/i18n.ts";
import { may, usesConsole } from "./session/permissions.ts";
import { useSession, useSessionState } from "./session/session.tsx";
import { ChoiceOptions, useChoices } from "./ui/fields.tsx";

export const LanguageSwitch = () => {
  const { t, i18n } = useTranslation();
  const choices = useChoices();
  return (
    <label className="language">
      <span className="visually-hidden">{t("common.language")}</span>
      <select value={i18n.language} onChange={(event) => void chooseLanguage(event.target.value as Language)}>
        <ChoiceOptions options={choices(LANGUAGES, "languages")} />
      </select>
    </label>
  );
};

export const Layout = ({ children }: { children: ReactNode }) => {
  const { t } = useTranslation();
  const { role, actorId } = useSession();
  const { signOut } = useSessionState();
  const features = useApiFeatures();
  // Work lists of part two appear once the API has them (its OpenAPI document says so).
  const hasFollowUps = features?.has("GET", "/follow-ups") ?? false;
  const hasDuplicates = features?.has("GET", "/duplicates") ?? false;
  const links = [
    may(role, "viewDashboards") && { to: "/dashboards", label: t("nav.dashboards") },
    usesConsole(role) && { to: "/customers", label: t("nav.customers") },
    may(role, "workLists") && { to: "/work/pool", label: t("nav.pool") },
    may(role, "followUps") && hasFollowUps && { to: "/work/follow-ups", label: t("nav.followUps") },
    may(role, "reviewDuplicates") && hasDuplicates && { to: "/work/duplicates", label: t("nav.duplicates") },
    may(role, "readAudit") && { to: "/audit", label: t("nav.audit") },
  ].filter((link): link is { to: string; label: string } => Boolean(link));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="shell__header">
        <span className="shell__brand">{t("app.name")}</span>
        <nav aria-label={t("nav.main")}>
          <ul className="shell__nav">
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.to === "/customers"}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="shell__who">
          <span data-testid="who">
            {actorId} · {t(`roles.${role}`)}
          </span>
          <LanguageSwitch />
          <button type="button" className="button--quiet" onClick={signOut}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
};
