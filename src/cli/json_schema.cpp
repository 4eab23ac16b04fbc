#include "cli/json_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "cli/commands.hpp"
#include "schema/dialects.hpp"
#include "toml/reader.hpp"

namespace schemactl {

namespace {

struct Object {
    std::string name;
    std::string description;
    const std::vector<std::string_view>* keys;
    std::vector<std::string> required;
};

std::vector<Object> objects() {
    const SchemaFileKeys& k = schema_file_keys();
    std::vector<Object> out{
        {"file", "A schema file: one or more [[table]] entries", &k.file, {"table"}},
        {"table", "A [[table]]", &k.table, {"name"}},
        {"column", "A [[table.column]]", &k.column, {"name", "type"}},
        {"column_dialect", "Settings of a column for one database", &k.column_dialect, {}},
        {"index", "A [[table.index]]", &k.index, {"columns"}},
        {"foreign_key", "A [[table.foreign_key]]", &k.foreign_key, {"columns", "ref_table", "ref_columns"}},
        {"check", "A [[table.check]]", &k.check, {"expr"}},
    };
    // One table-level override per dialect, in name order (a stable document).
    std::vector<const DialectInfo*> ds;
    for (const auto& d : dialect_infos()) ds.push_back(&d);
    std::sort(ds.begin(), ds.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (const auto* d : ds)
        out.push_back({fmt::format("table_{}", d->name),
                       fmt::format("{} table {}{}", d->title, d->table_switches ? "switches" : "options",
                                   d->table_keys.empty() ? " (none yet)" : ""),
                       &d->table_keys,
                       {}});
    return out;
}

const DialectInfo* dialect_named(std::string_view key) {
    for (const auto& d : dialect_infos())
        if (d.name == key) return &d;
    return nullptr;
}

const char* kString = R"({"type": "string"})";
const char* kBool = R"({"type": "boolean"})";
const char* kStrings = R"({"type": "array", "items": {"type": "string"}})";
const char* kAction =
    R"({"type": "string", "enum": ["cascade", "set null", "set_null", "set default", "set_default", "restrict", "no action", "no_action"]})";

std::string def_ref(const std::string& def) { return R"({"$ref": "#/definitions/)" + def + R"("})"; }
std::string array_of(const std::string& def) { return R"({"type": "array", "items": )" + def_ref(def) + "}"; }

// The JSON type of one key of one object.
std::string type_of(const std::string& object, std::string_view key) {
    if (object == "file" && key == "table") return array_of("table");
    if (object == "table") {
        if (key == "primary_key" || key == "protected") return kStrings;
        if (key == "column" || key == "index" || key == "foreign_key" || key == "check")
            return array_of(std::string(key));
        if (dialect_named(key)) return def_ref("table_" + std::string(key));
        if (key == "name" || key == "comment" || key == "renamed_from") return kString;
    }
    if (object == "column") {
        if (key == "values") return kStrings;
        if (key == "nullable" || key == "auto_increment" || key == "unique" || key == "primary_key" || key == "stored")
            return kBool;
        if (key == "default") return R"({"type": ["string", "number", "boolean"]})";
        if (dialect_named(key)) return def_ref("column_dialect");
        if (key == "name" || key == "type" || key == "default_expr" || key == "comment" || key == "renamed_from" ||
            key == "on_update" || key == "generated")
            return kString;
    }
    if (object == "column_dialect" || object == "check") return kString;
    if (object == "index") {
        if (key == "columns") return kStrings;
        if (key == "unique") return kBool;
        return kString;
    }
    if (object == "foreign_key") {
        if (key == "columns" || key == "ref_columns") return kStrings;
        if (key == "on_delete" || key == "on_update") return kAction;
        return kString;
    }
    if (object.rfind("table_", 0) == 0) {
        const DialectInfo* d = dialect_named(object.substr(6));
        if (d) return d->table_switches ? kBool : kString;
    }
    throw std::logic_error(
        fmt::format("the schema file key {}.{} has no JSON type: add it to src/cli/json_schema.cpp", object, key));
}

std::string object_schema(const Object& o, const std::string& indent) {
    std::string props;
    for (auto key : *o.keys)
        props += fmt::format("{}{}  \"{}\": {}", props.empty() ? "" : ",\n", indent, key, type_of(o.name, key));
    std::string required;
    for (const auto& r : o.required) required += (required.empty() ? "\"" : ", \"") + r + "\"";
    std::string out = fmt::format("{{\n{}\"description\": \"{}\",\n{}\"type\": \"object\",\n", indent, o.description,
                                  indent);
    if (!required.empty()) out += fmt::format("{}\"required\": [{}],\n", indent, required);
    out += fmt::format("{}\"additionalProperties\": false,\n{}\"properties\": {{", indent, indent);
    out += props.empty() ? "}" : "\n" + props + "\n" + indent + "}";
    return out + "\n" + indent.substr(2) + "}";
}

}  // namespace

std::map<std::string, std::vector<std::string>> json_schema_objects() {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& o : objects()) {
        auto& keys = out[o.name];
        for (auto k : *o.keys) {
            type_of(o.name, k);  // every key has a type, or this throws
            keys.emplace_back(k);
        }
    }
    return out;
}

std::string json_schema_text() {
    auto all = objects();
    std::string defs;
    for (std::size_t i = 1; i < all.size(); ++i)
        defs += fmt::format("{}    \"{}\": {}", defs.empty() ? "" : ",\n", all[i].name,
                            object_schema(all[i], "      "));
    std::string file = object_schema(all[0], "  ");
    // The file object's braces are the document's own.
    file = file.substr(2, file.size() - 4);
    return fmt::format(
        "{{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
        "  \"$id\": \"https://schemactl.invalid/schemactl.schema.json\",\n"
        "  \"title\": \"schemactl table definitions\",\n{},\n  \"definitions\": {{\n{}\n  }}\n}}\n",
        file, defs);
}

void add_json_schema_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("__json-schema", "Print the JSON Schema of the schema file format");
    cmd->group("");  // hidden: writes docs/schemactl.schema.json
    cmd->callback([] { fmt::print("{}", json_schema_text()); });
}

}  // namespace schemactl
