// PostgreSQL: which type changes can change a stored value (the round trip
// (col::new)::old, guarded), for the data checks.
#include "dialect/postgres/pg_conversions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "dialect/conversion.hpp"
#include "dialect/dialect.hpp"

namespace schemactl::pg {

using namespace conversion_sql;

namespace {

enum class Cat {
    integer,
    numeric,
    real,
    dbl,
    boolean,
    text,
    json,
    jsonb,
    date,
    time,
    timestamp,
    timestamptz,
    enumt,
    other
};
struct T {
    Cat cat = Cat::other;
    std::string sql;    // the type as a cast target
    int rank = 0;       // integer: 1 smallint, 2 integer, 3 bigint
    int p = -1, s = 0;  // numeric(p,s); p = -1: unconstrained
    int len = 0;        // varchar / char length; 0: unlimited
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

// What each target type's check needs: both types and the column as SQL.
struct Ctx {
    const Dialect& d;
    T a, b;
    std::string col;
    std::string v;           // col, through text when it is an enum
    std::string round_trip;  // true where the value does not survive new -> old
    bool textual = false;
    std::string why;  // the reason when the target type has no better one
};

// The general check: the round trip, where the guards say the cast cannot fail.
Conversion round_trip_loss(const Ctx& c, const std::vector<std::string>& guards, const std::string& why) {
    return {guarded(guards, c.round_trip), why + ": fix them first or keep the old type", c.textual};
}

Conversion to_text(const Ctx& c) {
    const T& a = c.a;
    const T& b = c.b;
    if (b.len == 0) return {};  // text holds the text of every value
    bool wider = a.cat == Cat::text && a.len > 0 && a.len <= b.len && (a.fixed || !b.fixed);
    if (wider) return {};
    std::vector<std::string> lost{fmt::format("char_length({}::text) > {}", c.v, b.len)};
    std::string what = fmt::format("values longer than {} characters ({} would truncate or fail)", b.len, b.sql);
    if (b.fixed && !(a.cat == Cat::text && a.fixed)) {
        lost.push_back(fmt::format("{0}::text <> rtrim({0}::text, ' ')", c.v));
        what += " or ending in spaces (character(n) drops them)";
    }
    return {or_all(lost), what + ": shorten them or keep the wider type"};
}

Conversion to_jsonb(const Ctx& c) {
    // jsonb keeps the value but not its text (whitespace, key order):
    // that is no loss. Duplicate keys are: only the last one stays.
    if (c.a.cat != Cat::json && !c.textual) return round_trip_loss(c, {}, c.why);
    std::string j = c.a.cat == Cat::json ? c.col : c.v + "::json";
    return {fmt::format("json_typeof({0}) = 'object' AND (SELECT count(*) FROM json_object_keys({0})) <> "
                        "(SELECT count(*) FROM jsonb_object_keys({0}::jsonb))",
                        j),
            "JSON objects with duplicate keys (jsonb keeps only the last; nested objects are not checked)"
            " or text that is not JSON: fix them first",
            true};
}

Conversion to_temporal(const Ctx& c) {
    const T& a = c.a;
    bool from_timestamp = a.cat == Cat::timestamp || a.cat == Cat::timestamptz;
    switch (c.b.cat) {
        case Cat::time:
            if (from_timestamp) return {"TRUE", "a date, which time cannot hold (every value loses its date part)"};
            return round_trip_loss(c, {}, "values that are not times of day");
        case Cat::date:
            return round_trip_loss(c, {},
                                   from_timestamp
                                       ? "values with a time of day other than midnight (date would cut it off)"
                                       : "values that are not dates (YYYY-MM-DD)");
        default:  // timestamp, timestamptz
            if (a.cat == Cat::date) return {};
            return round_trip_loss(c, {},
                                   from_timestamp
                                       ? "values that change between time zones (converted in the session's "
                                         "TimeZone: a daylight-saving gap or overlap) or lose fractional seconds"
                                       : "values that are not timestamps");
    }
}

Conversion to_integer(const Ctx& c) {
    const T& a = c.a;
    int rank = c.b.rank;
    if (a.cat == Cat::integer && a.rank <= rank) return {};
    if (a.cat == Cat::boolean) return {};
    std::vector<std::string> guards;
    std::string why = fmt::format("values that are not whole numbers from {} to {}", int_lo(rank), int_hi(rank));
    if (a.cat == Cat::integer) guards.push_back(fmt::format("{} BETWEEN {} AND {}", c.col, int_lo(rank), int_hi(rank)));
    else if (numeric_cat(a.cat))
        guards.push_back(fmt::format("round({}) BETWEEN {} AND {}", c.col, int_lo(rank), int_hi(rank)));
    else if (c.textual) {
        guards.push_back(fmt::format("btrim({}) ~ {}", c.v, c.d.quote_literal(kIntegerRegex)));
        guards.push_back(fmt::format("{}::numeric BETWEEN {} AND {}", c.v, int_lo(rank), int_hi(rank)));
    }
    return round_trip_loss(c, guards, why);
}

Conversion to_numeric(const Ctx& c) {
    const T& a = c.a;
    const T& b = c.b;
    if (a.cat == Cat::integer && (b.p < 0 || int_digits(a.rank) <= b.p - b.s)) return {};
    if (a.cat == Cat::numeric && (b.p < 0 || (a.p >= 0 && a.s <= b.s && a.p - a.s <= b.p - b.s))) return {};
    if (a.cat == Cat::boolean) return {};
    std::vector<std::string> guards;
    std::string why;
    if (c.textual) guards.push_back(fmt::format("btrim({}) ~ {}", c.v, c.d.quote_literal(kNumberRegex)));
    if (b.p >= 0) {
        why = fmt::format(
            "values that {} would round to {} decimals or cannot hold (more than {} digits "
            "before the point)",
            b.sql, b.s, b.p - b.s);
        if (numeric_cat(a.cat) || c.textual)
            guards.push_back(fmt::format("abs(round({}::numeric, {})) < {}", c.v, b.s, pow10(b.p - b.s)));
    } else {
        why = "values that are not numbers";
    }
    return round_trip_loss(c, guards, why);
}

Conversion to_floating(const Ctx& c) {
    const T& a = c.a;
    const T& b = c.b;
    if (a.cat == Cat::real && b.cat == Cat::dbl) return {};
    if (a.cat == Cat::boolean) return {};
    std::vector<std::string> guards;
    if (c.textual) guards.push_back(fmt::format("btrim({}) ~ {}", c.v, c.d.quote_literal(kNumberRegex)));
    if (b.cat == Cat::real && (numeric_cat(a.cat) || c.textual))
        guards.push_back(fmt::format("{0}::float8 = 0 OR abs({0}::float8) BETWEEN 1.2e-38 AND 3.4e38", c.v));
    return round_trip_loss(
        c, guards,
        fmt::format("values that {} cannot hold exactly ({} significant digits)", b.sql, b.cat == Cat::real ? 6 : 15));
}

Conversion to_boolean(const Ctx& c) {
    if (c.a.cat == Cat::integer || c.a.cat == Cat::numeric)
        return {fmt::format("{} NOT IN (0, 1)", c.col), "values other than 0 and 1: set them to 0 or 1 first"};
    if (c.textual)
        return {fmt::format("lower(btrim({})) NOT IN ('true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', "
                            "'n', 'on', 'off')",
                            c.v),
                "values that are not true / false: fix them first"};
    return round_trip_loss(c, {}, c.why);
}

}  // namespace

Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col) {
    T a = classify(d, from), b = classify(d, to);
    // The renderer converts an enum through text (USING col::text::"new").
    std::string v = a.cat == Cat::enumt ? col + "::text" : col;
    if (b.cat == Cat::enumt) return enum_target(d, from, to, v, false);
    if (from.type == to.type) return {};
    // The round trip: to the new type and back, compared as text (json has no =).
    std::string back = a.cat == Cat::enumt ? "::text" : "::" + a.sql;
    std::string round_trip = fmt::format("(({})::{}){}::text IS DISTINCT FROM {}::text", v, b.sql, back, v);
    bool textual = a.cat == Cat::text || a.cat == Cat::enumt;
    std::string why = fmt::format("values that would not survive the conversion to {}", b.sql);
    Ctx c{d, a, b, col, v, round_trip, textual, why};

    switch (b.cat) {
        case Cat::text: return to_text(c);
        case Cat::json:
            if (a.cat == Cat::jsonb) return {};
            return {round_trip, "text that is not valid JSON: fix it first", true};
        case Cat::jsonb: return to_jsonb(c);
        case Cat::time:
        case Cat::date:
        case Cat::timestamp:
        case Cat::timestamptz: return to_temporal(c);
        case Cat::integer: return to_integer(c);
        case Cat::numeric: return to_numeric(c);
        case Cat::real:
        case Cat::dbl: return to_floating(c);
        case Cat::boolean: return to_boolean(c);
        default: return round_trip_loss(c, {}, why);
    }
}

}  // namespace schemactl::pg
