#include "plan/format_github.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "plan/safety.hpp"

namespace schemactl {

namespace {

const TableChange* find_change(const Changes& changes, const std::string& table) {
    for (const auto& tc : changes.tables)
        if (tc.name == table) return &tc;
    return nullptr;
}

bool known(const SourcePos& p) { return !p.file().empty() && p.line > 0; }

// A step's summary is describe() of one change, or several of them joined
// ("alter table t: a; b", "rebuild table t: a; b"). The part whose own class
// is the step's class is the one a reviewer is warned about; the first part
// named stands in otherwise.
struct Match {
    std::optional<SourcePos> same_class, first;
    void offer(const std::string& summary, const std::string& part, Safety part_class, Safety step_class,
               const SourcePos& pos) {
        if (summary.find(part) == std::string::npos || !known(pos)) return;
        if (!first) first = pos;
        if (!same_class && part_class == step_class) same_class = pos;
    }
};

}  // namespace

SourcePos source_of(const Step& step, const Changes& changes) {
    const TableChange* tc = find_change(changes, step.table);
    if (!tc) return {};
    Match m;
    for (const auto& c : tc->columns) {
        const Column* col = tc->desired.find_column(c.name);
        // Held-back steps (blocked, skipped) are classed by the planner, not classify().
        Safety cls = step.safety == Safety::blocked || step.skipped ? step.safety : classify(c);
        m.offer(step.summary, describe(tc->name, c), cls, step.safety,
                c.kind != ColumnChange::Kind::drop && col ? col->pos : tc->desired.pos);
    }
    auto items = [&](const auto& changes_of_kind) {
        for (const auto& c : changes_of_kind)
            m.offer(step.summary, describe(tc->name, c), classify(c), step.safety,
                    c.kind == std::decay_t<decltype(c)>::Kind::add ? c.item.pos : tc->desired.pos);
    };
    items(tc->indexes);
    items(tc->foreign_keys);
    items(tc->checks);
    if (m.same_class) return *m.same_class;
    if (m.first) return *m.first;
    return tc->desired.pos;
}

SourcePos source_of(const DataProblem& problem, const Changes& changes) {
    const TableChange* tc = find_change(changes, problem.table);
    if (!tc) return {};
    if (const Column* c = tc->desired.find_column(problem.column); c && known(c->pos)) return c->pos;
    if (const Index* ix = tc->desired.find_index(problem.column); ix && known(ix->pos)) return ix->pos;
    for (const auto& fk : tc->desired.foreign_keys)
        if (fk.name == problem.column && known(fk.pos)) return fk.pos;
    for (const auto& ck : tc->desired.checks)
        if (ck.name == problem.column && known(ck.pos)) return ck.pos;
    return tc->desired.pos;
}

namespace {

// Workflow command escaping (GitHub's toolkit: escapeData / escapeProperty).
std::string escape_data(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_property(const std::string& s) {
    std::string out;
    for (char c : escape_data(s)) {
        switch (c) {
            case ':': out += "%3A"; break;
            case ',': out += "%2C"; break;
            default: out += c;
        }
    }
    return out;
}

std::string command(const char* level, const SourcePos& pos, const std::string& title, const std::string& message) {
    std::string props;
    if (known(pos)) {
        // GitHub matches `file` to the repository's paths: "./schemas/a.toml"
        // (from `--schema ./schemas`) must read "schemas/a.toml". Lexical only.
        std::string file = std::filesystem::path(pos.file()).lexically_normal().generic_string();
        props = fmt::format("file={},line={}", escape_property(file), pos.line);
        if (pos.col > 0) props += fmt::format(",col={}", pos.col);
        props += ",";
    }
    props += "title=" + escape_property(title);
    return fmt::format("::{} {}::{}\n", level, props, escape_data(message));
}

}  // namespace

std::string format_github(const Plan& plan, const FormatOptions& o) {
    static const Changes none;
    const Changes& changes = o.changes ? *o.changes : none;
    std::string out;
    for (const auto& s : plan.steps) {
        SourcePos pos = source_of(s, changes);
        std::string message = s.note.empty() ? s.summary : s.summary + ": " + s.note;
        switch (s.safety) {
            case Safety::safe: break;
            case Safety::blocked:
                out += command("error", pos, fmt::format("schemactl: blocked step on {}", s.table), message);
                break;
            case Safety::destructive:
                out += command(
                    "warning", pos,
                    fmt::format("schemactl: destructive step on {}{}", s.table, s.skipped ? " (skipped)" : ""),
                    message);
                break;
            case Safety::risky:
                out += command("warning", pos, fmt::format("schemactl: risky step on {}", s.table), message);
                break;
        }
    }
    for (const auto& p : plan.problems)
        out += command("error", source_of(p, changes),
                       fmt::format("schemactl: data problem in {}.{}", p.table, p.column), p.message);
    out += "schemactl plan: " + plan_summary(plan) + "\n";
    return out;
}

}  // namespace schemactl
