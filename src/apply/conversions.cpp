#include "apply/conversions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace schemactl {

namespace {

// "timestamp(3) without time zone" → base "timestamp without time zone", args {3}.
struct Split {
    std::string base;
    std::vector<int> args;
};
Split split(const std::string& type) {
    Split s;
    std::string rest;
    std::size_t open = type.find('('), close = type.find(')', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) {
        std::string inner = type.substr(open + 1, close - open - 1);
        int n = 0;
        bool any = false;
        for (char c : inner + ",") {
            if (std::isdigit(static_cast<unsigned char>(c))) {
                n = n * 10 + (c - '0');
                any = true;
            } else if (c == ',') {
                if (any) s.args.push_back(n);
                n = 0;
                any = false;
            }
        }
        rest = type.substr(0, open) + type.substr(close + 1);
    } else {
        rest = type;
    }
    for (char c : rest) {
        if (c == ' ' && (s.base.empty() || s.base.back() == ' ')) continue;
        s.base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!s.base.empty() && s.base.back() == ' ') s.base.pop_back();
    return s;
}

std::string pow10(int digits) { return "1" + std::string(static_cast<std::size_t>(std::max(digits, 0)), '0'); }

// Nested CASE: each guard must hold before the next one (or the round trip)
// is evaluated, so a cast that would raise an error never runs; a row failing
// a guard is lost.
std::string guarded(const std::vector<std::string>& guards, const std::string& test) {
    std::string out = test;
    for (auto it = guards.rbegin(); it != guards.rend(); ++it)
        out = fmt::format("CASE WHEN {} THEN {} ELSE TRUE END", *it, out);
    return out;
}

std::string or_all(const std::vector<std::string>& v) {
    if (v.size() == 1) return v[0];
    std::vector<std::string> p;
    for (const auto& s : v) p.push_back("(" + s + ")");
    return fmt::format("{}", fmt::join(p, " OR "));
}

std::string labels_sql(const Dialect& d, const std::vector<std::string>& labels, bool binary) {
    std::vector<std::string> v;
    for (const auto& l : labels) v.push_back((binary ? "BINARY " : "") + d.quote_literal(l));
    return fmt::format("{}", fmt::join(v, ", "));
}

// Enum labels the new definition no longer has, for the message.
std::string removed_labels(const Column& from, const Column& to) {
    std::vector<std::string> gone;
    for (const auto& v : from.enum_values)
        if (std::find(to.enum_values.begin(), to.enum_values.end(), v) == to.enum_values.end()) gone.push_back("'" + v + "'");
    return fmt::format("{}", fmt::join(gone, ", "));
}

bool subset(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::all_of(a.begin(), a.end(), [&](const std::string& v) { return std::find(b.begin(), b.end(), v) != b.end(); });
}

Conversion enum_target(const Dialect& d, const Column& from, const Column& to, const std::string& v, bool binary) {
    if (!from.enum_values.empty() && subset(from.enum_values, to.enum_values)) return {};
    std::string what = from.enum_values.empty()
                           ? "values that are not labels of the new enum"
                           : "enum values that the new definition removes (" + removed_labels(from, to) + ")";
    return {fmt::format("{}{} NOT IN ({})", binary ? "BINARY " : "", v, labels_sql(d, to.enum_values, binary)),
            what + ": update them first"};
}

const char* kNumberRegex = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$";
const char* kIntegerRegex = "^[-+]?[0-9]+$";

// ---------------------------------------------------------------- PostgreSQL

namespace pg {

enum class Cat { integer, numeric, real, dbl, boolean, text, json, jsonb, date, time, timestamp, timestamptz, enumt, other };
struct T {
    Cat cat = Cat::other;
    std::string sql;   // the type as a cast target
    int rank = 0;      // integer: 1 smallint, 2 integer, 3 bigint
    int p = -1, s = 0; // numeric(p,s); p = -1: unconstrained
    int len = 0;       // varchar / char length; 0: unlimited
    bool fixed = false;
};

T classify(const Dialect& d, const Column& c) {
    T t;
    t.sql = c.type;
    if (!c.enum_values.empty()) {
        t.cat = Cat::enumt;
        t.sql = d.quote_ident(c.type);
        return t;
    }
    Split sp = split(c.type);
    const std::string& b = sp.base;
    auto arg = [&](std::size_t i, int dflt) { return sp.args.size() > i ? sp.args[i] : dflt; };
    if (b == "smallint") t.cat = Cat::integer, t.rank = 1;
    else if (b == "integer") t.cat = Cat::integer, t.rank = 2;
    else if (b == "bigint") t.cat = Cat::integer, t.rank = 3;
    else if (b == "numeric") t.cat = Cat::numeric, t.p = arg(0, -1), t.s = arg(1, 0);
    else if (b == "real") t.cat = Cat::real;
    else if (b == "double precision") t.cat = Cat::dbl;
    else if (b == "boolean") t.cat = Cat::boolean;
    else if (b == "text") t.cat = Cat::text;
    else if (b == "character varying") t.cat = Cat::text, t.len = arg(0, 0);
    else if (b == "character") t.cat = Cat::text, t.len = arg(0, 1), t.fixed = true;
    else if (b == "json") t.cat = Cat::json;
    else if (b == "jsonb") t.cat = Cat::jsonb;
    else if (b == "date") t.cat = Cat::date;
    else if (b == "time without time zone") t.cat = Cat::time;
    else if (b == "timestamp without time zone") t.cat = Cat::timestamp;
    else if (b == "timestamp with time zone") t.cat = Cat::timestamptz;
    return t;
}

const char* int_lo(int rank) { return rank == 1 ? "-32768" : rank == 2 ? "-2147483648" : "-9223372036854775808"; }
const char* int_hi(int rank) { return rank == 1 ? "32767" : rank == 2 ? "2147483647" : "9223372036854775807"; }
int int_digits(int rank) { return rank == 1 ? 5 : rank == 2 ? 10 : 19; }
bool numeric_cat(Cat c) { return c == Cat::integer || c == Cat::numeric || c == Cat::real || c == Cat::dbl; }

Conversion convert(const Dialect& d, const Column& from, const Column& to, const std::string& col) {
    T a = classify(d, from), b = classify(d, to);
    // The renderer converts an enum through text (USING col::text::"new").
    std::string v = a.cat == Cat::enumt ? col + "::text" : col;
    if (b.cat == Cat::enumt) return enum_target(d, from, to, v, false);
    if (from.type == to.type) return {};
    auto lit = [&](const std::string& s) { return d.quote_literal(s); };
    // The round trip: to the new type and back, compared as text (json has no =).
    std::string back = a.cat == Cat::enumt ? "::text" : "::" + a.sql;
    std::string round_trip = fmt::format("(({})::{}){}::text IS DISTINCT FROM {}::text", v, b.sql, back, v);
    std::vector<std::string> guards;
    bool textual = a.cat == Cat::text || a.cat == Cat::enumt;
    std::string why = fmt::format("values that would not survive the conversion to {}", b.sql);

    switch (b.cat) {
        case Cat::text: {
            if (b.len == 0) return {};  // text holds the text of every value
            bool wider = a.cat == Cat::text && a.len > 0 && a.len <= b.len && (a.fixed || !b.fixed);
            if (wider) return {};
            std::vector<std::string> lost{fmt::format("char_length({}::text) > {}", v, b.len)};
            std::string what = fmt::format("values longer than {} characters ({} would truncate or fail)", b.len, b.sql);
            if (b.fixed && !(a.cat == Cat::text && a.fixed)) {
                lost.push_back(fmt::format("{0}::text <> rtrim({0}::text, ' ')", v));
                what += " or ending in spaces (character(n) drops them)";
            }
            return {or_all(lost), what + ": shorten them or keep the wider type"};
        }
        case Cat::json:
            if (a.cat == Cat::jsonb) return {};
            return {round_trip, "text that is not valid JSON: fix it first", true};
        case Cat::jsonb: {
            // jsonb keeps the value but not its text (whitespace, key order):
            // that is no loss. Duplicate keys are: only the last one stays.
            if (a.cat != Cat::json && !textual) break;
            std::string j = a.cat == Cat::json ? col : v + "::json";
            return {fmt::format("json_typeof({0}) = 'object' AND (SELECT count(*) FROM json_object_keys({0})) <> "
                                "(SELECT count(*) FROM jsonb_object_keys({0}::jsonb))",
                                j),
                    "JSON objects with duplicate keys (jsonb keeps only the last; nested objects are not checked)"
                    " or text that is not JSON: fix them first",
                    true};
        }
        case Cat::time:
            if (a.cat == Cat::timestamp || a.cat == Cat::timestamptz)
                return {"TRUE", "a date, which time cannot hold (every value loses its date part)"};
            why = "values that are not times of day";
            break;
        case Cat::date:
            if (a.cat == Cat::timestamp || a.cat == Cat::timestamptz)
                why = "values with a time of day other than midnight (date would cut it off)";
            else why = "values that are not dates (YYYY-MM-DD)";
            break;
        case Cat::timestamp:
        case Cat::timestamptz:
            if (a.cat == Cat::date) return {};
            why = a.cat == Cat::timestamp || a.cat == Cat::timestamptz
                      ? "values that change between time zones (converted in the session's TimeZone: a "
                        "daylight-saving gap or overlap) or lose fractional seconds"
                      : "values that are not timestamps";
            break;
        case Cat::integer:
            if (a.cat == Cat::integer && a.rank <= b.rank) return {};
            if (a.cat == Cat::boolean) return {};
            why = fmt::format("values that are not whole numbers from {} to {}", int_lo(b.rank), int_hi(b.rank));
            if (a.cat == Cat::integer) guards.push_back(fmt::format("{} BETWEEN {} AND {}", col, int_lo(b.rank), int_hi(b.rank)));
            else if (numeric_cat(a.cat))
                guards.push_back(fmt::format("round({}) BETWEEN {} AND {}", col, int_lo(b.rank), int_hi(b.rank)));
            else if (textual) {
                guards.push_back(fmt::format("btrim({}) ~ {}", v, lit(kIntegerRegex)));
                guards.push_back(fmt::format("{}::numeric BETWEEN {} AND {}", v, int_lo(b.rank), int_hi(b.rank)));
            }
            break;
        case Cat::numeric:
            if (a.cat == Cat::integer && (b.p < 0 || int_digits(a.rank) <= b.p - b.s)) return {};
            if (a.cat == Cat::numeric && (b.p < 0 || (a.p >= 0 && a.s <= b.s && a.p - a.s <= b.p - b.s))) return {};
            if (a.cat == Cat::boolean) return {};
            if (textual) guards.push_back(fmt::format("btrim({}) ~ {}", v, lit(kNumberRegex)));
            if (b.p >= 0) {
                why = fmt::format("values that {} would round to {} decimals or cannot hold (more than {} digits "
                                  "before the point)",
                                  b.sql, b.s, b.p - b.s);
                if (numeric_cat(a.cat) || textual)
                    guards.push_back(fmt::format("abs(round({}::numeric, {})) < {}", v, b.s, pow10(b.p - b.s)));
            } else {
                why = "values that are not numbers";
            }
            break;
        case Cat::real:
        case Cat::dbl:
            if (a.cat == Cat::real && b.cat == Cat::dbl) return {};
            if (a.cat == Cat::boolean) return {};
            if (textual) guards.push_back(fmt::format("btrim({}) ~ {}", v, lit(kNumberRegex)));
            if (b.cat == Cat::real && (numeric_cat(a.cat) || textual))
                guards.push_back(fmt::format("{0}::float8 = 0 OR abs({0}::float8) BETWEEN 1.2e-38 AND 3.4e38", v));
            why = fmt::format("values that {} cannot hold exactly ({} significant digits)", b.sql,
                              b.cat == Cat::real ? 6 : 15);
            break;
        case Cat::boolean:
            if (a.cat == Cat::integer || a.cat == Cat::numeric)
                return {fmt::format("{} NOT IN (0, 1)", col), "values other than 0 and 1: set them to 0 or 1 first"};
            if (textual)
                return {fmt::format("lower(btrim({})) NOT IN ('true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', "
                                    "'n', 'on', 'off')",
                                    v),
                        "values that are not true / false: fix them first"};
            break;
        default: break;
    }
    return {guarded(guards, round_trip), why + ": fix them first or keep the old type", textual};
}

}  // namespace pg

// ------------------------------------------------------------ MySQL / MariaDB

namespace my {

enum class Cat { integer, decimal, flt, dbl, text, json, date, time, datetime, timestamp, enumt, other };
struct T {
    Cat cat = Cat::other;
    int rank = 0;            // 1 tinyint .. 5 bigint
    bool is_unsigned = false, is_bool = false;
    int p = 10, s = 0;       // decimal
    long long len = 0;       // text: characters (char / varchar) or bytes (text family)
    bool bytes = false, fixed = false;
    int fsp = 0;             // time / datetime / timestamp
};

T classify(const Column& c) {
    T t;
    if (c.type == "tinyint(1)") {
        t.cat = Cat::integer, t.rank = 1, t.is_bool = true;
        return t;
    }
    std::string type = c.type;
    if (auto p = type.find(" unsigned"); p != std::string::npos) t.is_unsigned = true, type.erase(p);
    Split sp = split(type);
    const std::string& b = sp.base;
    auto arg = [&](std::size_t i, int dflt) { return sp.args.size() > i ? sp.args[i] : dflt; };
    static const char* ints[] = {"tinyint", "smallint", "mediumint", "int", "bigint"};
    for (int i = 0; i < 5; ++i)
        if (b == ints[i]) t.cat = Cat::integer, t.rank = i + 1;
    if (b == "decimal") t.cat = Cat::decimal, t.p = arg(0, 10), t.s = arg(1, 0);
    else if (b == "float") t.cat = Cat::flt;
    else if (b == "double") t.cat = Cat::dbl;
    else if (b == "varchar") t.cat = Cat::text, t.len = arg(0, 255);
    else if (b == "char") t.cat = Cat::text, t.len = arg(0, 1), t.fixed = true;
    else if (b == "tinytext") t.cat = Cat::text, t.len = 255, t.bytes = true;
    else if (b == "text") t.cat = Cat::text, t.len = 65535, t.bytes = true;
    else if (b == "mediumtext") t.cat = Cat::text, t.len = 16777215, t.bytes = true;
    else if (b == "longtext") t.cat = Cat::text, t.len = 0, t.bytes = true;
    else if (b == "json") t.cat = Cat::json;
    else if (b == "enum") t.cat = Cat::enumt;
    else if (b == "date") t.cat = Cat::date;
    else if (b == "time") t.cat = Cat::time, t.fsp = arg(0, 0);
    else if (b == "datetime") t.cat = Cat::datetime, t.fsp = arg(0, 0);
    else if (b == "timestamp") t.cat = Cat::timestamp, t.fsp = arg(0, 0);
    return t;
}

struct Range {
    const char* lo;
    const char* hi;
};
Range range(const T& t) {
    static const Range sgn[] = {{"-128", "127"},
                                {"-32768", "32767"},
                                {"-8388608", "8388607"},
                                {"-2147483648", "2147483647"},
                                {"-9223372036854775808", "9223372036854775807"}};
    static const Range uns[] = {{"0", "255"}, {"0", "65535"}, {"0", "16777215"}, {"0", "4294967295"}, {"0", "18446744073709551615"}};
    return t.is_unsigned ? uns[t.rank - 1] : sgn[t.rank - 1];
}
int digits(const T& t) {
    static const int d[] = {3, 5, 8, 10, 20};
    return d[t.rank - 1];
}
bool int_fits(const T& a, const T& b) {
    if (a.is_unsigned == b.is_unsigned) return a.rank <= b.rank;
    return a.is_unsigned && a.rank < b.rank;
}
bool numeric_cat(Cat c) { return c == Cat::integer || c == Cat::decimal || c == Cat::flt || c == Cat::dbl; }
bool temporal(Cat c) { return c == Cat::date || c == Cat::datetime || c == Cat::timestamp || c == Cat::time; }

// MariaDB's CAST target for a temporal type.
std::string cast_of(const T& t) {
    switch (t.cat) {
        case Cat::date: return "DATE";
        case Cat::time: return fmt::format("TIME({})", t.fsp);
        default: return fmt::format("DATETIME({})", t.fsp);
    }
}

Conversion convert(const Dialect& d, const Column& from, const Column& to, const std::string& col) {
    T a = classify(from), b = classify(to);
    if (b.cat == Cat::enumt) return enum_target(d, from, to, col, true);
    if (from.type == to.type) return {};
    auto lit = [&](const std::string& s) { return d.quote_literal(s); };
    bool textual = a.cat == Cat::text || a.cat == Cat::enumt || a.cat == Cat::json;
    std::vector<std::string> lost;
    std::string why;
    switch (b.cat) {
        case Cat::text:
        case Cat::json: {
            if (b.cat == Cat::json) {
                if (a.cat == Cat::json) return {};
                lost.push_back(fmt::format("NOT JSON_VALID({})", col));
                why = "text that is not valid JSON";
                break;
            }
            bool wider = (a.cat == Cat::text && b.len == 0) ||
                         (a.cat == Cat::text && !a.bytes && !b.bytes && a.len <= b.len && (a.fixed || !b.fixed)) ||
                         (a.cat == Cat::text && a.bytes && b.bytes && a.len <= b.len && a.len > 0);
            if (wider) return {};
            if (b.len > 0) {
                lost.push_back(fmt::format("{}({}) > {}", b.bytes ? "LENGTH" : "CHAR_LENGTH", col, b.len));
                why = fmt::format("values longer than {} {} ({} would truncate or fail)", b.len,
                                  b.bytes ? "bytes" : "characters", to.type);
            }
            if (b.fixed && !(a.cat == Cat::text && a.fixed)) {
                lost.push_back(fmt::format("CHAR_LENGTH({0}) <> CHAR_LENGTH(RTRIM({0}))", col));
                why += std::string(why.empty() ? "values" : " or") + " ending in spaces (char(n) drops them)";
            }
            if (lost.empty()) return {};
            return {or_all(lost), why + ": shorten them or keep the wider type"};
        }
        case Cat::integer: {
            Range r = range(b);
            if (b.is_bool) {
                if (a.is_bool) return {};
                lost.push_back(textual ? fmt::format("{} NOT IN ('0', '1')", col) : fmt::format("{} NOT IN (0, 1)", col));
                why = "values other than 0 and 1";
                break;
            }
            why = fmt::format("values that are not whole numbers from {} to {}", r.lo, r.hi);
            if (a.cat == Cat::integer) {
                if (int_fits(a, b)) return {};
                lost.push_back(fmt::format("{} NOT BETWEEN {} AND {}", col, r.lo, r.hi));
            } else if (numeric_cat(a.cat)) {
                lost.push_back(fmt::format("{0} <> ROUND({0}) OR ROUND({0}) NOT BETWEEN {1} AND {2}", col, r.lo, r.hi));
            } else if (textual) {
                lost.push_back(fmt::format("NOT {} REGEXP {}", col, lit(kIntegerRegex)));
                lost.push_back(fmt::format("CAST(CAST({0} AS DECIMAL(65,0)) AS CHAR) <> {0}", col));
                lost.push_back(fmt::format("CAST({} AS DECIMAL(65,0)) NOT BETWEEN {} AND {}", col, r.lo, r.hi));
            } else {
                lost.push_back("TRUE");
            }
            break;
        }
        case Cat::decimal: {
            if (a.cat == Cat::integer && digits(a) <= b.p - b.s) return {};
            if (a.cat == Cat::decimal && a.s <= b.s && a.p - a.s <= b.p - b.s) return {};
            std::string x = col;
            if (textual) {
                lost.push_back(fmt::format("NOT {} REGEXP {}", col, lit(kNumberRegex)));
                x = fmt::format("CAST({} AS DECIMAL(65,30))", col);
            } else if (!numeric_cat(a.cat)) {
                lost.push_back("TRUE");
            }
            lost.push_back(fmt::format("{0} <> ROUND({0}, {1})", x, b.s));
            lost.push_back(fmt::format("ABS(ROUND({}, {})) >= {}", x, b.s, pow10(b.p - b.s)));
            why = fmt::format("values that {} would round to {} decimals or cannot hold (more than {} digits before "
                              "the point)",
                              to.type, b.s, b.p - b.s);
            break;
        }
        case Cat::flt:
        case Cat::dbl: {
            if (a.cat == Cat::flt && b.cat == Cat::dbl) return {};
            std::string cast = b.cat == Cat::flt ? "FLOAT" : "DOUBLE";
            if (a.cat == Cat::integer)
                lost.push_back(fmt::format("CAST(CAST({0} AS {1}) AS DECIMAL(65,0)) <> {0}", col, cast));
            else if (a.cat == Cat::decimal)
                lost.push_back(fmt::format("CAST(CAST({0} AS {1}) AS DECIMAL({2},{3})) <> {0}", col, cast, a.p, a.s));
            else if (a.cat == Cat::dbl) lost.push_back(fmt::format("CAST(CAST({0} AS FLOAT) AS DOUBLE) <> {0}", col));
            else if (textual) {
                lost.push_back(fmt::format("NOT {} REGEXP {}", col, lit(kNumberRegex)));
                lost.push_back(fmt::format("CAST(CAST(CAST({0} AS DECIMAL(65,30)) AS {1}) AS DECIMAL(65,30)) <> "
                                           "CAST({0} AS DECIMAL(65,30))",
                                           col, cast));
            } else lost.push_back("TRUE");
            why = fmt::format("values that {} cannot hold exactly ({} significant digits)", to.type,
                              b.cat == Cat::flt ? 6 : 15);
            break;
        }
        case Cat::date:
        case Cat::time:
        case Cat::datetime:
        case Cat::timestamp: {
            if (b.cat == Cat::time && (a.cat == Cat::datetime || a.cat == Cat::timestamp || a.cat == Cat::date))
                return {"TRUE", "a date, which time cannot hold (every value loses its date part)"};
            if (b.cat == Cat::datetime && a.cat == Cat::date) return {};
            std::string x = col;
            if (textual) {
                x = fmt::format("CAST({} AS {})", col, cast_of(b));
                lost.push_back(x + " IS NULL");
                lost.push_back(fmt::format("CAST({} AS CHAR) <> {}", x, col));
                why = fmt::format("values that do not read back the same as {} (not written as the server "
                                  "writes them, or not valid)",
                                  to.type);
            } else if (temporal(a.cat)) {
                if (b.cat == Cat::date) {
                    lost.push_back(fmt::format("TIME({}) <> '00:00:00'", col));
                    why = "values with a time of day other than midnight (date would cut it off)";
                } else if (b.fsp < a.fsp) {
                    lost.push_back(fmt::format("{0} <> CAST({0} AS {1})", col, cast_of(b)));
                    why = fmt::format("values with more than {} fractional second digits", b.fsp);
                }
            } else {
                lost.push_back("TRUE");
                why = fmt::format("values schemactl cannot check for {}", to.type);
            }
            if (b.cat == Cat::timestamp && a.cat != Cat::timestamp) {
                // timestamp holds 1970-01-01 00:00:01 .. 2038-01-19 03:14:07 UTC, converted from the
                // session's time zone: out of range or in a daylight-saving gap, a value changes.
                lost.push_back(fmt::format("NOT (FROM_UNIXTIME(UNIX_TIMESTAMP({0})) <=> CAST({0} AS DATETIME(6)))", x));
                why += std::string(why.empty() ? "values" : " or") +
                       " outside timestamp's range (1970 to 2038) or in a daylight-saving gap";
            }
            if (lost.empty()) return {};
            break;
        }
        default:
            if (textual && b.cat == Cat::other && to.type.find("blob") != std::string::npos) return {};
            lost.push_back("TRUE");
            why = fmt::format("values schemactl cannot check for {} -> {}", from.type, to.type);
            break;
    }
    return {or_all(lost), why + ": fix them first or keep the old type"};
}

}  // namespace my

// -------------------------------------------------------------------- SQLite

namespace lite {

// sqlite.org/datatype3.html 3.1: the affinity of a declared type.
enum class Aff { integer, text, blob, real, numeric };
Aff affinity(std::string type) {
    for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (type.find("INT") != std::string::npos) return Aff::integer;
    if (type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos ||
        type.find("TEXT") != std::string::npos)
        return Aff::text;
    if (type.empty() || type.find("BLOB") != std::string::npos) return Aff::blob;
    if (type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
        type.find("DOUB") != std::string::npos)
        return Aff::real;
    return Aff::numeric;
}

// The rebuild copies rows with INSERT ... SELECT: each value takes the new
// column's affinity. Lost: text that would become a different number or is no
// number at all, reals with a fraction in an integer column, integers a real
// cannot hold, reals whose text is not the same number.
Conversion convert(const Column& from, const Column& to, const std::string& col) {
    Aff a = affinity(from.type), b = affinity(to.type);
    if (a == b) return {};
    std::vector<std::string> lost;
    switch (b) {
        case Aff::integer:
            lost.push_back(fmt::format("typeof({0}) = 'real' AND {0} <> CAST({0} AS INTEGER)", col));
            lost.push_back(fmt::format("typeof({0}) = 'text' AND CAST(CAST({0} AS INTEGER) AS TEXT) <> {0}", col));
            break;
        case Aff::real:
        case Aff::numeric:
            lost.push_back(fmt::format("typeof({0}) = 'integer' AND CAST(CAST({0} AS REAL) AS INTEGER) <> {0}", col));
            lost.push_back(fmt::format("typeof({0}) = 'text' AND CAST(CAST({0} AS NUMERIC) AS TEXT) <> {0}", col));
            if (b == Aff::numeric) lost.erase(lost.begin());  // NUMERIC keeps integers as they are
            break;
        case Aff::text:
            lost.push_back(fmt::format("typeof({0}) = 'real' AND CAST(CAST({0} AS TEXT) AS REAL) <> {0}", col));
            break;
        case Aff::blob: return {};
    }
    return {or_all(lost),
            fmt::format("values that would change or are not numbers when stored as {} (SQLite type affinity): fix "
                        "them first or keep the old type",
                        to.type)};
}

}  // namespace lite

}  // namespace

Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col) {
    Conversion c;
    std::string n = d.name();
    if (n == "postgres") c = pg::convert(d, from, to, col);
    else if (n == "mysql") c = my::convert(d, from, to, col);
    else c = lite::convert(from, to, col);
    // NULL survives every conversion.
    if (!c.lost.empty()) c.lost = fmt::format("{} IS NOT NULL AND ({})", col, c.lost);
    return c;
}

}  // namespace schemactl
