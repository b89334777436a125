import type { RecordedCustomerEvent } from "@crm/domain";

// Contract 9.5: one readable line per event, for the people who work the customer. Words of
// ours come in Chinese or English; what users typed (names, summaries, notes) stays as typed.
// Business facts only: never hashes, correlation or causation ids.

export const TIMELINE_LOCALES = ["en", "zh-CN"] as const;
export type TimelineLocale = (typeof TIMELINE_LOCALES)[number];

type Words = Record<string, string>;

const ZH: Words = {
  lead: "线索",
  qualified: "已确认",
  proposal: "方案",
  negotiation: "谈判",
  won: "赢单",
  lost: "丢单",
  call: "电话",
  email: "邮件",
  meeting: "会议",
  visit: "拜访",
  chat: "在线沟通",
  social: "社交媒体",
  event: "活动",
  inbound: "呼入",
  outbound: "呼出",
  positive: "积极",
  neutral: "中性",
  negative: "消极",
  product: "产品",
  service: "服务",
  billing: "账单",
  delivery: "交付",
  other: "其他",
  low: "低",
  medium: "中",
  high: "高",
  critical: "紧急",
  price: "价格",
  needs_unmet: "需求未满足",
  communication: "沟通",
  customer_side: "客户原因",
  competitor: "竞争对手",
  product_fit: "产品不匹配",
  neglected: "跟进不足",
  slow_updates: "响应慢",
  no_value: "未见价值",
  web: "网站",
  referral: "转介绍",
  cold_call: "陌生电话",
  partner: "合作伙伴",
  ad: "广告",
};

const money = (amount: number) => amount.toFixed(2);
const day = (iso: string) => iso.slice(0, 10);
const zh = (word: string) => ZH[word] ?? word;
const withText = (line: string, text: string | null | undefined, separator: string) =>
  text ? `${line}${separator}${text}` : line;

/** Follow-up titles by id, so a completion names what was done. */
export type TimelineContext = { followUpTitles: ReadonlyMap<string, string> };

const english = (event: RecordedCustomerEvent, context: TimelineContext): string => {
  switch (event.type) {
    case "LeadCreated": {
      const { name, company, source } = event.data;
      return `lead created: ${name}${company ? ` (${company})` : ""}, source ${source}`;
    }
    case "StageAdvanced": {
      const { from, to, amount, lostReason, lostNote, note } = event.data;
      let line = `stage ${from} -> ${to}`;
      if (amount !== null) line += `, ${money(amount)}`;
      if (lostReason !== null) line += `, reason ${lostReason}`;
      return withText(line, lostNote ?? note, ": ");
    }
    case "InteractionLogged": {
      const { channel, direction, summary, outcome } = event.data;
      return `${channel} ${direction}${outcome ? ` (${outcome})` : ""}: ${summary}`;
    }
    case "ComplaintFiled":
      return `complaint filed (${event.data.category}, ${event.data.severity}): ${event.data.description}`;
    case "ComplaintAcknowledged":
      return withText(
        `complaint acknowledged${event.data.apologized ? ", apologized" : ""}`,
        event.data.note,
        ": ",
      );
    case "ComplaintResolved": {
      const { resolution, compensation } = event.data;
      return `complaint resolved: ${resolution}${compensation ? `, compensation ${money(compensation)}` : ""}`;
    }
    case "PurchaseRecorded":
      return `purchase ${event.data.orderId}: ${money(event.data.amount)}${event.data.product ? ` (${event.data.product})` : ""}`;
    case "OwnerAssigned": {
      const { ownerId, previousOwnerId, reason, note } = event.data;
      if (reason === "claimed") return `claimed from the pool by ${ownerId}`;
      if (reason === "released") return withText(`released to the pool by ${previousOwnerId}`, note, ": ");
      if (reason === "idle") return `returned to the pool: no activity while owned by ${previousOwnerId}`;
      return `owner ${previousOwnerId ?? "pool"} -> ${ownerId ?? "pool"}`;
    }
    case "ReferralCredited":
      return `referred a new lead (${event.data.referredCustomerId})`;
    case "FollowUpScheduled":
      return withText(
        `follow-up "${event.data.title}" for ${event.data.assigneeId}, due ${day(event.data.dueAt)}`,
        event.data.note,
        ": ",
      );
    case "FollowUpCompleted": {
      const title = context.followUpTitles.get(event.data.followUpId);
      const line = `follow-up${title ? ` "${title}"` : ""} done${event.data.outcome ? ` (${event.data.outcome})` : ""}`;
      return withText(line, event.data.note, ": ");
    }
    default:
      return (
        otherEventLine(event as { type: string; data: unknown }, "en") ?? (event as { type: string }).type
      );
  }
};

const chinese = (event: RecordedCustomerEvent, context: TimelineContext): string => {
  switch (event.type) {
    case "LeadCreated": {
      const { name, company, source } = event.data;
      return `新线索：${name}${company ? `（${company}）` : ""}，来源：${zh(source)}`;
    }
    case "StageAdvanced": {
      const { from, to, amount, lostReason, lostNote, note } = event.data;
      let line = `阶段 ${zh(from)} -> ${zh(to)}`;
      if (amount !== null) line += `，${money(amount)}`;
      if (lostReason !== null) line += `，原因：${zh(lostReason)}`;
      return withText(line, lostNote ?? note, "：");
    }
    case "InteractionLogged": {
      const { channel, direction, summary, outcome } = event.data;
      return `${zh(channel)} ${zh(direction)}${outcome ? `（${zh(outcome)}）` : ""}：${summary}`;
    }
    case "ComplaintFiled":
      return `投诉（${zh(event.data.category)}，${zh(event.data.severity)}）：${event.data.description}`;
    case "ComplaintAcknowledged":
      return withText(`投诉已受理${event.data.apologized ? "，已致歉" : ""}`, event.data.note, "：");
    case "ComplaintResolved": {
      const { resolution, compensation } = event.data;
      return `投诉已解决：${resolution}${compensation ? `，补偿 ${money(compensation)}` : ""}`;
    }
    case "PurchaseRecorded":
      return `购买 ${event.data.orderId}：${money(event.data.amount)}${event.data.product ? `（${event.data.product}）` : ""}`;
    case "OwnerAssigned": {
      const { ownerId, previousOwnerId, reason, note } = event.data;
      if (reason === "claimed") return `${ownerId} 从公海领取`;
      if (reason === "released") return withText(`${previousOwnerId} 退回公海`, note, "：");
      if (reason === "idle") return `${previousOwnerId} 名下无跟进，自动退回公海`;
      return `负责人 ${previousOwnerId ?? "公海"} -> ${ownerId ?? "公海"}`;
    }
    case "ReferralCredited":
      return `转介绍新线索（${event.data.referredCustomerId}）`;
    case "FollowUpScheduled":
      return withText(
        `跟进「${event.data.title}」，负责人 ${event.data.assigneeId}，截止 ${day(event.data.dueAt)}`,
        event.data.note,
        "：",
      );
    case "FollowUpCompleted": {
      const title = context.followUpTitles.get(event.data.followUpId);
      const line = `跟进${title ? `「${title}」` : ""}已完成${event.data.outcome ? `（${zh(event.data.outcome)}）` : ""}`;
      return withText(line, event.data.note, "：");
    }
    default:
      return (
        otherEventLine(event as { type: string; data: unknown }, "zh-CN") ?? (event as { type: string }).type
      );
  }
};

const CONSENT_PURPOSES_ZH: Record<string, string> = {
  marketing_email: "营销邮件",
  marketing_phone: "营销电话",
  profiling: "用户画像",
};

/**
 * Lines for the events of contract 9.1/9.2 (profile changes, merges, dismissed duplicates), read by
 * their contract field names so the timeline needs no change when their types join the union.
 */
const otherEventLine = (event: { type: string; data: unknown }, locale: TimelineLocale): string | null => {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);
  const zhCN = locale === "zh-CN";
  switch (event.type) {
    case "CustomerMerged":
      return withText(
        zhCN ? `合并重复客户 ${data.duplicateId}` : `merged duplicate ${data.duplicateId} into this customer`,
        text(data.note),
        zhCN ? "：" : ": ",
      );
    case "MergedInto":
      return zhCN ? `已合并至 ${data.customerId}` : `merged into ${data.customerId}`;
    case "DuplicateDismissed": {
      const other = data.candidateId ?? data.customerId;
      return zhCN ? `确认与 ${other} 不是重复客户` : `marked as not a duplicate of ${other}`;
    }
    // Contract 10.1 / 10.2
    case "ConsentRecorded": {
      const purpose = String(data.purpose);
      const decision = zhCN
        ? `${CONSENT_PURPOSES_ZH[purpose] ?? purpose}：${data.granted ? "同意" : "不同意"}`
        : `consent to ${purpose.replace("_", " ")}: ${data.granted ? "granted" : "withdrawn"}`;
      return withText(decision, text(data.source), zhCN ? "，来源：" : ", source: ");
    }
    case "PersonalDataErased":
      return withText(
        zhCN ? "个人信息已删除" : "personal data erased",
        text(data.reason),
        zhCN ? "：" : ": ",
      );
    default:
      return changesLine(event);
  }
};

/** An event that records field changes as {field: {from, to}} (a profile change) reads as `field from -> to`. */
const changesLine = (event: { data: unknown }): string | null => {
  const changes = (event.data as { changes?: Record<string, { from: unknown; to: unknown }> }).changes;
  if (!changes || typeof changes !== "object") return null;
  const shown = (value: unknown) =>
    value === null || value === undefined ? "-" : Array.isArray(value) ? value.join(", ") : String(value);
  return Object.entries(changes)
    .map(([field, change]) => `${field} ${shown(change?.from)} -> ${shown(change?.to)}`)
    .join("; ");
};

export const timelineText = (
  event: RecordedCustomerEvent,
  locale: TimelineLocale,
  context: TimelineContext,
): string => (locale === "zh-CN" ? chinese(event, context) : english(event, context));
