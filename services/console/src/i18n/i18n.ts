import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

// Chinese when the browser prefers it (or the person chose it), English otherwise;
// the choice is kept across visits.
export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const CHOICE_STORAGE = "crm.language";

const preferredLanguage = (): Language => {
  const chosen = localStorage.getItem(CHOICE_STORAGE);
  if (chosen === "zh-CN" || chosen === "en") return chosen;
  const first = navigator.languages?.[0] ?? navigator.language ?? "";
  return first.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
};

export const chooseLanguage = (language: Language) => {
  localStorage.setItem(CHOICE_STORAGE, language);
  return i18next.changeLanguage(language);
};

export const startI18n = async () => {
  i18next.on("languageChanged", (language) => {
    document.documentElement.lang = language;
    document.title = i18next.t("app.name");
  });
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, "zh-CN": { translation: zhCN } },
    lng: preferredLanguage(),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    // A string missing from the catalogue is a bug: say so where the browser tests look.
    saveMissing: true,
    missingKeyHandler: (languages, _namespace, key) =>
      console.error(`i18n: "${key}" is missing in ${languages.join(", ")}`),
  });
  document.documentElement.lang = i18next.language;
  document.title = i18next.t("app.name");
};
