#pragma once
// A query result read by column name, for every dialect's catalog queries.
// The names are resolved to positions once per result (a name the result
// lacks is an error that names it); each cell is then read by position.
// The queries alias what they select, so the names are the query's own, not
// whatever the client library makes of an expression.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dialect/connection.hpp"
#include "schema/error.hpp"

namespace schemactl {

// One column of a result, resolved to its position.
struct Field {
    std::size_t index;
};

// One row of a result, read through the Fields of that result.
class NamedRow {
public:
    NamedRow(const PackedResult& rs, std::size_t row) : rs_(&rs), row_(row) {}

    // The cell as text; NULL reads as "". A copy: the model keeps it.
    std::string operator[](Field f) const { return std::string(view(f)); }
    // The cell's text where it is held, for comparing and parsing.
    std::string_view view(Field f) const { return rs_->text(row_, f.index); }
    // The cell as the client returned it (NULL = nullopt).
    std::optional<std::string> cell(Field f) const {
        return null(f) ? std::nullopt : std::optional<std::string>(view(f));
    }
    bool null(Field f) const { return rs_->null(row_, f.index); }
    // The cell as a whole number; NULL, or text that does not start with one, reads as 0.
    long number(Field f) const {
        const std::string_view s = view(f);
        long v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }

private:
    const PackedResult* rs_;
    std::size_t row_;
};

// A whole result: resolve the fields first, then read the rows.
//     NamedResult rows(conn.fetch(kTablesQuery));
//     const auto [name, comment] = rows.fields("table_name", "table_comment");
//     for (NamedRow r : rows) t.name = r[name];
class NamedResult {
public:
    NamedResult() = default;
    explicit NamedResult(PackedResult rs) : rs_(std::move(rs)) {}
    std::size_t rows() const { return rs_.rows(); }

    // The column of that name; an Error naming it when the result has none.
    Field field(std::string_view name) const {
        for (std::size_t i = 0; i < rs_.columns.size(); ++i)
            if (rs_.columns[i] == name) return {i};
        std::string has;
        for (const auto& c : rs_.columns) has += (has.empty() ? "" : ", ") + c;
        throw Error("a catalog query's result has no column \"" + std::string(name) + "\" (it has: " + has + ")");
    }
    template <class... Names>
    std::array<Field, sizeof...(Names)> fields(const Names&... names) const {
        return {field(names)...};
    }

    class iterator {
    public:
        iterator(const PackedResult& rs, std::size_t row) : rs_(&rs), row_(row) {}
        NamedRow operator*() const { return NamedRow(*rs_, row_); }
        iterator& operator++() {
            ++row_;
            return *this;
        }
        bool operator==(const iterator&) const = default;

    private:
        const PackedResult* rs_;
        std::size_t row_;
    };
    // How many rows hold each value of `f`: a catalog read reserves each
    // table's columns with it (a vector regrown row by row ends with up to
    // twice the room it needs: a third of plan's memory at 5,000 tables).
    std::unordered_map<std::string_view, std::size_t> count_by(Field f) const {
        std::unordered_map<std::string_view, std::size_t> n;
        for (std::size_t r = 0; r < rs_.rows(); ++r) ++n[rs_.text(r, f.index)];
        return n;
    }

    // Whether the rows of each group (equal values of `group`) come
    // together, with `order` rising within each: what an ORDER BY would have
    // made of a result that came out that way anyway.
    bool grouped_in_order(const std::vector<Field>& group, Field order) const {
        std::unordered_set<std::string> seen;
        std::string key, last;
        long last_order = 0;
        for (std::size_t r = 0; r < rs_.rows(); ++r) {
            key.clear();
            for (Field g : group) (key += rs_.text(r, g.index)) += '\x1f';
            const long n = NamedRow(rs_, r).number(order);
            if (r > 0 && key == last) {
                if (n <= last_order) return false;
            } else if (!seen.insert(key).second) {
                return false;
            }
            last.swap(key);
            last_order = n;
        }
        return true;
    }

    // The rows of each value of `group` together, the values in the order
    // they first appear, and within each ordered by `order` read as a whole
    // number ("10" after "9"): what an ORDER BY would make of them where the
    // order of the groups does not matter (a table's columns), without the
    // server's sort of wide rows (PostgreSQL spilled it to disk at 100,000
    // columns; MariaDB took 65 ms at 5,000 tables, docs/performance.md).
    std::vector<NamedRow> sorted_by(Field group, Field order) const {
        std::unordered_map<std::string_view, long> rank;
        std::vector<std::pair<std::pair<long, long>, std::size_t>> keyed;
        keyed.reserve(rs_.rows());
        for (std::size_t r = 0; r < rs_.rows(); ++r) {
            const long g = rank.try_emplace(rs_.text(r, group.index), static_cast<long>(rank.size())).first->second;
            keyed.push_back({{g, NamedRow(rs_, r).number(order)}, r});
        }
        if (!std::is_sorted(keyed.begin(), keyed.end())) std::sort(keyed.begin(), keyed.end());
        std::vector<NamedRow> rows;
        rows.reserve(keyed.size());
        for (const auto& k : keyed) rows.emplace_back(rs_, k.second);
        return rows;
    }

    iterator begin() const { return iterator(rs_, 0); }
    iterator end() const { return iterator(rs_, rs_.rows()); }
    bool empty() const { return rs_.rows() == 0; }
    NamedRow front() const { return NamedRow(rs_, 0); }

private:
    PackedResult rs_;
};

}  // namespace schemactl
