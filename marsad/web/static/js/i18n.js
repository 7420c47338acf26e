// Interface strings in Arabic and English, CAMEO root and PLOVER labels, and the language switch.

const STRINGS = {
  ar: {
    title: "مرصد",
    tagline: "رصد الأحداث في الأخبار العربية",
    nav_home: "الرئيسية", nav_events: "الأحداث", nav_timeline: "الخط الزمني", nav_map: "الخريطة",
    nav_network: "شبكة الفاعلين", nav_entities: "الكيانات", nav_stories: "القصص",
    search_placeholder: "ابحث في المقالات والكيانات…", search: "بحث", switch_to: "English",
    articles: "مقالات", events: "أحداث", entities: "كيانات", stories: "قصص", outlets: "مصادر",
    latest_articles: "أحدث المقالات", latest_events: "أحدث الأحداث", no_results: "لا نتائج",
    loading: "جارٍ التحميل…", error: "خطأ", not_found: "غير موجود",
    reader_events: "الأحداث", reader_quotes: "الاقتباسات", reader_entities: "الكيانات",
    reader_brief: "موجز بالإنجليزية", reader_summary: "ملخص (جمل من النص)", reader_themes: "الموضوعات",
    story_brief: "موجز القصة", story_disagree: "اختلاف بين المصادر",
    count_killed: "قتلى", count_injured: "جرحى", count_kidnapped: "مخطوفون/محتجزون", count_arrested: "معتقلون",
    count_displaced: "نازحون", count_released: "مفرج عنهم",
    published: "تاريخ النشر", outlet: "المصدر", open_original: "المقال الأصلي",
    date: "التاريخ", place: "المكان", status: "الحالة", sources: "مصادر", source_n: "عدد المصادر",
    actor: "الفاعل", target: "المستهدف", cameo: "CAMEO", plover: "PLOVER", summary: "الملخص",
    country: "البلد", since: "من", until: "إلى", any: "الكل", apply: "تطبيق", reset: "مسح",
    download_csv: "تنزيل CSV", more: "المزيد", total: "المجموع",
    by_root: "حسب جذر CAMEO", by_plover: "حسب نوع PLOVER", day: "اليوم",
    map_world: "العالم", map_fit: "تكبير على الأحداث", map_none: "لا أحداث ذات إحداثيات",
    network_none: "لا روابط بين فاعلين بعد", weight: "عدد الأحداث",
    name_ar: "الاسم بالعربية", name_en: "الاسم بالإنجليزية", role: "الصفة", actor_code: "رمز الفاعل",
    type: "النوع", mentions: "إشارات", partners: "الشركاء", timeline: "الخط الزمني",
    quotes: "الاقتباسات", said: "قال", via: "عبر", story: "القصة", story_reports: "التقارير في كل المصادر",
    in_story: "ضمن القصة", speaker: "المتحدث", unknown: "غير معروف", token_needed: "هذا الخادم يحتاج رمز قراءة",
    token_save: "حفظ الرمز", trigger: "الفعل", evidence: "الدليل", no_events: "لم تُستخرج أحداث",
    no_quotes: "لا اقتباسات", kb: "قاعدة المعرفة", all_types: "كل الأنواع", types: "الأنواع",
    foot: "مرصد — بيانات أحداث من الأخبار العربية",
    all_reports: "كل التقارير", empty_corpus: "المدوّنة فارغة بعد: أضف مقالات من صفحة التحليل أو بالأمر", articles_h: "المقالات", entities_h: "الكيانات", analyze_store: "حلّل واحفظ في المدوّنة", stored_as: "حُفظ المقال", nav_analyze: "تحليل نص", analyze: "حلّل", analyze_placeholder: "الصق نص مقال عربي هنا…",
    analyze_help: "يمر النص عبر خط المعالجة كاملا وتظهر النتيجة فورا؛ «حلّل واحفظ» يضيفه إلى المدوّنة.",
    write_token: "رمز الكتابة (إن وُجد)", write_token_needed: "هذا الخادم يحتاج رمز الكتابة لتحليل النصوص",
  },
  en: {
    title: "marsad",
    tagline: "Event data from Arabic news",
    nav_home: "Home", nav_events: "Events", nav_timeline: "Timeline", nav_map: "Map",
    nav_network: "Actor network", nav_entities: "Entities", nav_stories: "Stories",
    search_placeholder: "Search articles and entities…", search: "Search", switch_to: "العربية",
    articles: "articles", events: "events", entities: "entities", stories: "stories", outlets: "outlets",
    latest_articles: "Latest articles", latest_events: "Latest events", no_results: "No results",
    loading: "Loading…", error: "Error", not_found: "Not found",
    reader_events: "Events", reader_quotes: "Quotes", reader_entities: "Entities",
    reader_brief: "English brief", reader_summary: "Summary (sentences of the article)", reader_themes: "Themes",
    story_brief: "Story brief", story_disagree: "Where outlets disagree",
    count_killed: "Killed", count_injured: "Injured", count_kidnapped: "Kidnapped/held", count_arrested: "Arrested",
    count_displaced: "Displaced", count_released: "Released",
    published: "Published", outlet: "Outlet", open_original: "Original article",
    date: "Date", place: "Place", status: "Status", sources: "sources", source_n: "Sources",
    actor: "Actor", target: "Target", cameo: "CAMEO", plover: "PLOVER", summary: "Summary",
    country: "Country", since: "From", until: "To", any: "Any", apply: "Apply", reset: "Reset",
    download_csv: "Download CSV", more: "More", total: "total",
    by_root: "By CAMEO root", by_plover: "By PLOVER type", day: "Day",
    map_world: "World", map_fit: "Zoom to events", map_none: "No events with coordinates",
    network_none: "No links between actors yet", weight: "events",
    name_ar: "Arabic name", name_en: "English name", role: "Role", actor_code: "Actor code",
    type: "Type", mentions: "mentions", partners: "Partners", timeline: "Timeline",
    quotes: "Quotes", said: "said", via: "via", story: "Story", story_reports: "Every report across outlets",
    in_story: "In story", speaker: "Speaker", unknown: "unknown", token_needed: "This server needs a read token",
    token_save: "Save token", trigger: "Trigger", evidence: "Evidence", no_events: "No events extracted",
    no_quotes: "No quotes", kb: "Knowledge base", all_types: "All types", types: "Types",
    foot: "marsad — event data from Arabic news",
    all_reports: "All reports", empty_corpus: "The corpus is empty: add articles on the analyse page or with", articles_h: "Articles", entities_h: "Entities", analyze_store: "Analyze and store", stored_as: "Stored as", nav_analyze: "Analyze", analyze: "Analyze", analyze_placeholder: "Paste an Arabic article here…",
    analyze_help: "The text runs through the whole pipeline and the result shows at once; \"Analyze and store\" adds it to the corpus.",
    write_token: "Write token (if any)", write_token_needed: "This server needs the write token to analyse text",
  },
};

export const CAMEO_ROOTS = {
  "01": ["Make public statement", "تصريح علني"],
  "02": ["Appeal", "مناشدة"],
  "03": ["Express intent to cooperate", "إبداء نية التعاون"],
  "04": ["Consult", "تشاور"],
  "05": ["Diplomatic cooperation", "تعاون دبلوماسي"],
  "06": ["Material cooperation", "تعاون مادي"],
  "07": ["Provide aid", "تقديم مساعدة"],
  "08": ["Yield", "تنازل"],
  "09": ["Investigate", "تحقيق"],
  "10": ["Demand", "مطالبة"],
  "11": ["Disapprove", "استنكار"],
  "12": ["Reject", "رفض"],
  "13": ["Threaten", "تهديد"],
  "14": ["Protest", "احتجاج"],
  "15": ["Exhibit force posture", "استعراض القوة"],
  "16": ["Reduce relations", "تقليص العلاقات"],
  "17": ["Coerce", "إكراه"],
  "18": ["Assault", "اعتداء"],
  "19": ["Fight", "قتال"],
  "20": ["Mass violence", "عنف جماعي"],
};

export const PLOVER = {
  AGREE: ["Agree", "اتفاق"], CONSULT: ["Consult", "تشاور"], SUPPORT: ["Support", "دعم"],
  CONCEDE: ["Concede", "تنازل"], COOPERATE: ["Cooperate", "تعاون"], AID: ["Aid", "مساعدة"],
  RETREAT: ["Retreat", "تراجع"], REQUEST: ["Request", "طلب"], ACCUSE: ["Accuse", "اتهام"],
  REJECT: ["Reject", "رفض"], THREATEN: ["Threaten", "تهديد"], PROTEST: ["Protest", "احتجاج"],
  SANCTION: ["Sanction", "عقوبات"], MOBILIZE: ["Mobilize", "تعبئة"], COERCE: ["Coerce", "إكراه"],
  ASSAULT: ["Assault", "اعتداء"],
};

export const STATUSES = {
  asserted: ["asserted", "مؤكَّد"], reported: ["reported", "منقول"], denied: ["denied", "منفي"],
  planned: ["planned", "مخطَّط"], hypothetical: ["hypothetical", "افتراضي"],
};

export const ENTITY_TYPES = {
  PER: ["Person", "شخص"], ORG: ["Organization", "منظمة"], LOC: ["Place", "مكان"], MISC: ["Other", "أخرى"],
};

const LANG_KEY = "marsad.lang";

export function lang() {
  const l = localStorage.getItem(LANG_KEY);
  return l === "en" ? "en" : "ar";
}

export function setLang(l) {
  localStorage.setItem(LANG_KEY, l === "en" ? "en" : "ar");
  applyLang();
}

export function applyLang() {
  const l = lang();
  document.documentElement.lang = l;
  document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
}

export function t(key) {
  const table = STRINGS[lang()];
  return key in table ? table[key] : key;
}

function pick(pair) {
  return lang() === "ar" ? pair[1] : pair[0];
}

export function cameoLabel(root) {
  const r = String(root || "").slice(0, 2);
  return CAMEO_ROOTS[r] ? pick(CAMEO_ROOTS[r]) : r;
}

export function ploverLabel(p) {
  return PLOVER[p] ? pick(PLOVER[p]) : (p || "—");
}

export function statusLabel(s) {
  return STATUSES[s] ? pick(STATUSES[s]) : (s || "—");
}

export function typeLabel(ty) {
  return ENTITY_TYPES[ty] ? pick(ENTITY_TYPES[ty]) : (ty || "");
}

// The name to show first for an entity: Arabic in the Arabic UI, English (if known) otherwise.
export function entityName(e) {
  if (!e) return "";
  return lang() === "en" && e.name_en ? e.name_en : e.name;
}

export function entityAltName(e) {
  if (!e) return "";
  if (lang() === "en") return e.name_en ? e.name : "";
  return e.name_en || "";
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(lang() === "ar" ? "ar-EG" : "en-US").format(n || 0);
}
