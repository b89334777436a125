import { useMemo } from "react";
import { useTranslation } from "react-i18next";

// Numbers, money and dates through Intl, in the language on screen. Money carries no
// currency in the API, so it is shown as an amount with two decimals.

export const formatterFor = (language: string) => {
  const count = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const money = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  const none = "—";
  return {
    count: (value: number | null | undefined) =>
      value === null || value === undefined ? none : count.format(value),
    money: (value: number | null | undefined) =>
      value === null || value === undefined ? none : money.format(value),
    percent: (value: number | null | undefined) =>
      value === null || value === undefined ? none : percent.format(value),
    date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : none),
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : none),
  };
};

export type Format = ReturnType<typeof formatterFor>;

export const useFormat = (): Format => {
  const { i18n } = useTranslation();
  return useMemo(() => formatterFor(i18n.language), [i18n.language]);
};
