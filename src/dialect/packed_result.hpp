#pragma once
// A query's rows held compactly: every cell's text in one buffer and one
// 4-byte end offset per cell. The catalog of 5,000 tables is 100,000 column
// rows; held as vectors of optional strings they took 28 MB on SQLite
// (heaptrack) beside the model being built from them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/error.hpp"

namespace schemactl {

using Row = std::vector<std::optional<std::string>>;

struct ResultSet {
    std::vector<std::string> columns;
    std::vector<Row> rows;
};

class PackedResult {
public:
    std::vector<std::string> columns;

    // Cells are added row by row, columns.size() to a row.
    void add(std::string_view cell) {
        text_.append(cell);
        push_end(0);
    }
    void add_null() { push_end(kNull); }
    void reserve_cells(std::size_t n) { ends_.reserve(n); }

    std::size_t rows() const { return columns.empty() ? 0 : ends_.size() / columns.size(); }
    bool null(std::size_t row, std::size_t col) const { return (ends_[at(row, col)] & kNull) != 0; }
    // The cell's text; NULL reads as "".
    std::string_view text(std::size_t row, std::size_t col) const {
        const std::size_t i = at(row, col);
        const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1] & ~kNull;
        return std::string_view(text_).substr(begin, (ends_[i] & ~kNull) - begin);
    }

    // Every row as strings, for the callers that want to hold them.
    ResultSet unpacked() const {
        ResultSet rs{columns, {}};
        rs.rows.reserve(rows());
        for (std::size_t r = 0; r < rows(); ++r) {
            Row& row = rs.rows.emplace_back();
            row.reserve(columns.size());
            for (std::size_t c = 0; c < columns.size(); ++c)
                row.push_back(null(r, c) ? std::nullopt : std::optional<std::string>(text(r, c)));
        }
        return rs;
    }

private:
    static constexpr std::uint32_t kNull = 0x80000000u;  // the top bit of an end marks a NULL cell

    void push_end(std::uint32_t flag) {
        if (text_.size() >= kNull)
            throw Error(
                "a query returned more than 2 GB of text, more than schemactl can hold; read fewer tables at once with "
                "--tables");
        ends_.push_back(static_cast<std::uint32_t>(text_.size()) | flag);
    }
    std::size_t at(std::size_t row, std::size_t col) const { return row * columns.size() + col; }

    std::string text_;
    std::vector<std::uint32_t> ends_;
};

}  // namespace schemactl
