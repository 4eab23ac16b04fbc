// MySQL / MariaDB: which type changes can change a stored value (CAST round
// trips), and which collation changes lose characters, for the data checks.
#include "dialect/mysql/mysql_conversions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "dialect/conversion.hpp"
#include "dialect/dialect.hpp"

namespace schemactl::my {

using namespace conversion_sql;

namespace {

enum class Cat { integer, decimal, flt, dbl, text, json, date, time, datetime, timestamp, enumt, other };
struct T {
    Cat cat = Cat::other;
    int rank = 0;  // 1 tinyint .. 5 bigint
    bool is_unsigned = false, is_bool = false;
    int p = 10, s = 0;  // decimal
    long long len = 0;  // text: characters (char / varchar) or bytes (text family)
    bool bytes = false, fixed = false;
    int fsp = 0;  // time / datetime / timestamp
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
    static const Range uns[] = {
        {"0", "255"}, {"0", "65535"}, {"0", "16777215"}, {"0", "4294967295"}, {"0", "18446744073709551615"}};
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

// The verdict most target types share: rows matching any of `lost` hold `why`.
Conversion fix_first(const std::vector<std::string>& lost, const std::string& why) {
    return {or_all(lost), why + ": fix them first or keep the old type"};
}

Conversion to_json(const T& a, const std::string& col) {
    if (a.cat == Cat::json) return {};
    return fix_first({fmt::format("NOT JSON_VALID({})", col)}, "text that is not valid JSON");
}

Conversion to_text(const T& a, const T& b, const Column& to, const std::string& col) {
    std::vector<std::string> lost;
    std::string why;
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

Conversion to_integer(const Dialect& d, const T& a, const T& b, bool textual, const std::string& col) {
    std::vector<std::string> lost;
    Range r = range(b);
    if (b.is_bool) {
        if (a.is_bool) return {};
        lost.push_back(textual ? fmt::format("{} NOT IN ('0', '1')", col) : fmt::format("{} NOT IN (0, 1)", col));
        return fix_first(lost, "values other than 0 and 1");
    }
    std::string why = fmt::format("values that are not whole numbers from {} to {}", r.lo, r.hi);
    if (a.cat == Cat::integer) {
        if (int_fits(a, b)) return {};
        lost.push_back(fmt::format("{} NOT BETWEEN {} AND {}", col, r.lo, r.hi));
    } else if (numeric_cat(a.cat)) {
        lost.push_back(fmt::format("{0} <> ROUND({0}) OR ROUND({0}) NOT BETWEEN {1} AND {2}", col, r.lo, r.hi));
    } else if (textual) {
        lost.push_back(fmt::format("NOT {} REGEXP {}", col, d.quote_literal(kIntegerRegex)));
        lost.push_back(fmt::format("CAST(CAST({0} AS DECIMAL(65,0)) AS CHAR) <> {0}", col));
        lost.push_back(fmt::format("CAST({} AS DECIMAL(65,0)) NOT BETWEEN {} AND {}", col, r.lo, r.hi));
    } else {
        lost.push_back("TRUE");
    }
    return fix_first(lost, why);
}

Conversion to_decimal(const Dialect& d, const T& a, const T& b, bool textual, const Column& to,
                      const std::string& col) {
    if (a.cat == Cat::integer && digits(a) <= b.p - b.s) return {};
    if (a.cat == Cat::decimal && a.s <= b.s && a.p - a.s <= b.p - b.s) return {};
    std::vector<std::string> lost;
    std::string x = col;
    if (textual) {
        lost.push_back(fmt::format("NOT {} REGEXP {}", col, d.quote_literal(kNumberRegex)));
        x = fmt::format("CAST({} AS DECIMAL(65,30))", col);
    } else if (!numeric_cat(a.cat)) {
        lost.push_back("TRUE");
    }
    lost.push_back(fmt::format("{0} <> ROUND({0}, {1})", x, b.s));
    lost.push_back(fmt::format("ABS(ROUND({}, {})) >= {}", x, b.s, pow10(b.p - b.s)));
    return fix_first(lost, fmt::format("values that {} would round to {} decimals or cannot hold (more than {} "
                                       "digits before the point)",
                                       to.type, b.s, b.p - b.s));
}

Conversion to_floating(const Dialect& d, const T& a, const T& b, bool textual, const Column& to,
                       const std::string& col) {
    if (a.cat == Cat::flt && b.cat == Cat::dbl) return {};
    std::vector<std::string> lost;
    std::string cast = b.cat == Cat::flt ? "FLOAT" : "DOUBLE";
    if (a.cat == Cat::integer) lost.push_back(fmt::format("CAST(CAST({0} AS {1}) AS DECIMAL(65,0)) <> {0}", col, cast));
    else if (a.cat == Cat::decimal)
        lost.push_back(fmt::format("CAST(CAST({0} AS {1}) AS DECIMAL({2},{3})) <> {0}", col, cast, a.p, a.s));
    else if (a.cat == Cat::dbl) lost.push_back(fmt::format("CAST(CAST({0} AS FLOAT) AS DOUBLE) <> {0}", col));
    else if (textual) {
        lost.push_back(fmt::format("NOT {} REGEXP {}", col, d.quote_literal(kNumberRegex)));
        lost.push_back(
            fmt::format("CAST(CAST(CAST({0} AS DECIMAL(65,30)) AS {1}) AS DECIMAL(65,30)) <> "
                        "CAST({0} AS DECIMAL(65,30))",
                        col, cast));
    } else lost.push_back("TRUE");
    return fix_first(lost, fmt::format("values that {} cannot hold exactly ({} significant digits)", to.type,
                                       b.cat == Cat::flt ? 6 : 15));
}

Conversion to_temporal(const T& a, const T& b, bool textual, const Column& to, const std::string& col) {
    if (b.cat == Cat::time && (a.cat == Cat::datetime || a.cat == Cat::timestamp || a.cat == Cat::date))
        return {"TRUE", "a date, which time cannot hold (every value loses its date part)"};
    if (b.cat == Cat::datetime && a.cat == Cat::date) return {};
    std::vector<std::string> lost;
    std::string why;
    std::string x = col;
    if (textual) {
        x = fmt::format("CAST({} AS {})", col, cast_of(b));
        lost.push_back(x + " IS NULL");
        lost.push_back(fmt::format("CAST({} AS CHAR) <> {}", x, col));
        why = fmt::format(
            "values that do not read back the same as {} (not written as the server "
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
    return fix_first(lost, why);
}

}  // namespace

Conversion conversion(const Dialect& d, const Column& from, const Column& to, const std::string& col) {
    T a = classify(from), b = classify(to);
    if (b.cat == Cat::enumt) return enum_target(d, from, to, col, true);
    if (from.type == to.type) return {};
    bool textual = a.cat == Cat::text || a.cat == Cat::enumt || a.cat == Cat::json;
    switch (b.cat) {
        case Cat::json: return to_json(a, col);
        case Cat::text: return to_text(a, b, to, col);
        case Cat::integer: return to_integer(d, a, b, textual, col);
        case Cat::decimal: return to_decimal(d, a, b, textual, to, col);
        case Cat::flt:
        case Cat::dbl: return to_floating(d, a, b, textual, to, col);
        case Cat::date:
        case Cat::time:
        case Cat::datetime:
        case Cat::timestamp: return to_temporal(a, b, textual, to, col);
        default:
            if (textual && b.cat == Cat::other && to.type.find("blob") != std::string::npos) return {};
            return fix_first({"TRUE"}, fmt::format("values schemactl cannot check for {} -> {}", from.type, to.type));
    }
}

// A collation of another character set converts every value; characters
// that set cannot hold would be lost (the strict sql_mode makes the server
// refuse, after the tables before it ran).
Conversion collation_conversion(const Column& from, const Column& to, const std::string& col) {
    if (to.collation.empty() || to.collation == from.collation) return {};
    std::string cs = to.collation->substr(0, to.collation->find('_'));
    bool plain = !cs.empty() && std::all_of(cs.begin(), cs.end(),
                                            [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; });
    if (!plain) return {};
    return {fmt::format("{0} IS NOT NULL AND HEX(CONVERT(CONVERT({0} USING {1}) USING utf8mb4)) <> "
                        "HEX(CONVERT({0} USING utf8mb4))",
                        col, cs),
            fmt::format("characters that character set {} (collation {}) cannot store: change those rows or pick a "
                        "collation of the column's character set",
                        cs, to.collation)};
}

}  // namespace schemactl::my
