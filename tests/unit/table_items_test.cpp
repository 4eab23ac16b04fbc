// Interactive step-through: a table change split into items, what each item
// needs, and the change limited to the chosen ones.
#include <catch2/catch.hpp>

#include "cli/table_items.hpp"
#include "diff/diff.hpp"

using namespace schemactl;

namespace {

Column col(const std::string& name, bool nullable = true) {
    Column c;
    c.name = name;
    c.type = "int";
    c.nullable = nullable;
    return c;
}

Index index(const std::string& name, const std::string& column, bool unique = false) {
    Index ix;
    ix.name = name;
    ix.columns.push_back(IndexColumn{column});
    ix.unique = unique;
    return ix;
}

Table base() {
    Table t;
    t.name = "accounts";
    t.columns = {col("id", false), col("old")};
    t.primary_key = {"id"};
    return t;
}

TableChange change_of(const Table& desired, const Table& actual) {
    auto c = diff(Schema{{desired}}, Schema{{actual}});
    REQUIRE(c.tables.size() == 1);
    return c.tables[0];
}

std::size_t find(const std::vector<ChangeItem>& items, const std::string& part) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].summary.find(part) != std::string::npos) return i;
    FAIL("no item " << part);
    return 0;
}

}  // namespace

TEST_CASE("table items: an index on a new column needs the column, declining the column declines the index") {
    Table actual = base();
    Table desired = base();
    desired.columns.push_back(col("email"));
    desired.indexes.push_back(index("accounts_email_ix", "email"));
    TableChange tc = change_of(desired, actual);
    auto items = change_items(tc);
    REQUIRE(items.size() == 2);
    std::size_t column = find(items, "add column"), index = find(items, "create index");
    CHECK(column < index);
    CHECK(items[index].needs == std::vector<std::size_t>{column});

    std::vector<bool> chosen(items.size(), true);
    chosen[column] = false;
    auto dropped = drop_unmet(items, chosen);
    CHECK(dropped == std::vector<std::size_t>{index});
    TableChange none = only_items(tc, items, chosen);
    CHECK(none.empty());
    CHECK_FALSE(none.desired.find_column("email"));
    CHECK(none.desired.indexes.empty());

    std::vector<bool> only_column(items.size(), false);
    only_column[column] = true;
    TableChange some = only_items(tc, items, only_column);
    REQUIRE(some.columns.size() == 1);
    CHECK(some.indexes.empty());
    CHECK(some.desired.find_column("email"));
    CHECK(some.desired.indexes.empty());
    // Nothing else differs: planning `some` again finds no change.
    Table applied = some.desired;
    Table target = applied;
    CHECK(diff(Schema{{target}}, Schema{{applied}}).empty());
}

TEST_CASE("table items: a declined drop keeps the column where it stood, a dropped column waits for its index drop") {
    Table actual = base();
    actual.columns.push_back(col("tail"));
    actual.indexes.push_back(index("accounts_old_ix", "old"));
    Table desired = base();
    desired.columns = {col("id", false), col("tail")};  // "old" and its index go
    TableChange tc = change_of(desired, actual);
    auto items = change_items(tc);
    std::size_t drop_col = find(items, "drop column"), drop_ix = find(items, "drop index");
    CHECK(drop_ix < drop_col);
    CHECK(items[drop_col].needs == std::vector<std::size_t>{drop_ix});

    std::vector<bool> keep_column(items.size(), true);
    keep_column[drop_col] = false;
    TableChange t = only_items(tc, items, keep_column);
    REQUIRE(t.desired.columns.size() == 3);
    CHECK(t.desired.columns[1].name == "old");
    CHECK(t.indexes.size() == 1);
    CHECK(t.columns.empty());

    std::vector<bool> keep_index(items.size(), true);
    keep_index[drop_ix] = false;
    drop_unmet(items, keep_index);
    CHECK_FALSE(keep_index[drop_col]);
}

TEST_CASE("table items: a foreign key names what it needs of the referenced table's change") {
    Table actual = base();
    Table desired = base();
    desired.columns.push_back(col("code"));
    desired.indexes.push_back(index("accounts_code_uq", "code", true));
    TableChange ref = change_of(desired, actual);
    auto items = change_items(ref);
    ForeignKey fk;
    fk.name = "pets_fk";
    fk.columns = {"owner_code"};
    fk.ref_table = "accounts";
    fk.ref_columns = {"code"};
    auto needed = items_needed_by(fk, ref, items);
    CHECK(needed.size() == 2);  // the column and the unique index
    fk.ref_columns = {"id"};
    CHECK(items_needed_by(fk, ref, items).empty());
}
