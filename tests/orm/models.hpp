#pragma once
// The test suite's own models (not the notes domain): the tutorial's
// categories and notes, a model with a column of every supported type, one
// for validation rules, a foreign-key chain, and one with awkward names.
// Every table name starts with "ormt_" so the suite never touches tables of
// other suites sharing the MariaDB test database.
#include <cstdint>
#include <optional>
#include <string>

#include "orm/orm.hpp"

namespace test {

// Tutorial: a category has a unique name.
struct Category {
    std::int64_t id = 0;
    std::string name;
    orm::Timestamp created_at;

    static const orm::Table<Category>& table() {
        static const orm::Table<Category> t =
            orm::Table<Category>("ormt_categories")
                .column("id", &Category::id, orm::primary_key)
                .column("name", &Category::name, orm::varchar{64}, orm::unique)
                .column("created_at", &Category::created_at, orm::default_now);
        return t;
    }
};

// Tutorial: a note belongs to a category (deleted with it), its text is
// searchable, and the notes of each category are counted (orm::counted).
struct Note {
    std::int64_t id = 0;
    std::string text;
    std::int64_t category_id = 0;
    int priority = 0;
    std::optional<std::string> title;
    orm::Timestamp created_at;
    orm::Timestamp updated_at;

    static const orm::Table<Note>& table() {
        static const orm::Table<Note> t =
            orm::Table<Note>("ormt_notes")
                .column("id", &Note::id, orm::primary_key)
                .column("text", &Note::text, orm::fulltext)
                .column("category_id", &Note::category_id,
                        orm::references{"ormt_categories", "id", orm::OnDelete::Cascade},
                        orm::indexed, orm::counted{"ormt_category_counts", "notes"})
                .column("priority", &Note::priority, orm::default_value{std::int64_t{3}})
                .column("title", &Note::title, orm::varchar{64})
                .column("created_at", &Note::created_at, orm::default_now)
                .column("updated_at", &Note::updated_at, orm::default_now, orm::update_now)
                .index("ix_ormt_notes_cat_created", {"category_id", "created_at DESC"});
        return t;
    }
};

// A column of every supported member type, plain and optional.
struct Sample {
    std::int64_t id = 0;
    std::int64_t big = 0;
    int small = 0;
    bool flag = false;
    double ratio = 0;
    std::string body;
    std::string code;  // varchar(16)
    orm::Timestamp at;
    std::optional<std::int64_t> opt_big;
    std::optional<int> opt_small;
    std::optional<bool> opt_flag;
    std::optional<double> opt_ratio;
    std::optional<std::string> opt_body;
    std::optional<std::string> opt_code;  // varchar(16)
    std::optional<orm::Timestamp> opt_at;

    static const orm::Table<Sample>& table() {
        static const orm::Table<Sample> t =
            orm::Table<Sample>("ormt_samples")
                .column("id", &Sample::id, orm::primary_key)
                .column("big", &Sample::big)
                .column("small", &Sample::small)
                .column("flag", &Sample::flag)
                .column("ratio", &Sample::ratio)
                .column("body", &Sample::body)
                .column("code", &Sample::code, orm::varchar{16})
                .column("at", &Sample::at)
                .column("opt_big", &Sample::opt_big)
                .column("opt_small", &Sample::opt_small)
                .column("opt_flag", &Sample::opt_flag)
                .column("opt_ratio", &Sample::opt_ratio)
                .column("opt_body", &Sample::opt_body)
                .column("opt_code", &Sample::opt_code, orm::varchar{16})
                .column("opt_at", &Sample::opt_at);
        return t;
    }
};

// Validation rules: an optional member declared not_null, a varchar(64), and
// a unique pair (varchar, so that MySQL can index it).
struct Strict {
    std::int64_t id = 0;
    std::optional<std::string> label;
    std::string code;

    static const orm::Table<Strict>& table() {
        static const orm::Table<Strict> t =
            orm::Table<Strict>("ormt_strict")
                .column("id", &Strict::id, orm::primary_key)
                .column("label", &Strict::label, orm::varchar{32}, orm::not_null)
                .column("code", &Strict::code, orm::varchar{64})
                .index("ux_ormt_strict_label_code", {"label", "code"}, true);
        return t;
    }
};

// A foreign-key chain without cascades: Root <- Branch <- Leaf.
struct Root {
    std::int64_t id = 0;
    std::string name;

    static const orm::Table<Root>& table() {
        static const orm::Table<Root> t = orm::Table<Root>("ormt_root")
                                              .column("id", &Root::id, orm::primary_key)
                                              .column("name", &Root::name);
        return t;
    }
};

struct Branch {
    std::int64_t id = 0;
    std::int64_t root_id = 0;

    static const orm::Table<Branch>& table() {
        static const orm::Table<Branch> t =
            orm::Table<Branch>("ormt_branch")
                .column("id", &Branch::id, orm::primary_key)
                .column("root_id", &Branch::root_id, orm::references{"ormt_root"});
        return t;
    }
};

struct Leaf {
    std::int64_t id = 0;
    std::int64_t branch_id = 0;

    static const orm::Table<Leaf>& table() {
        static const orm::Table<Leaf> t =
            orm::Table<Leaf>("ormt_leaf")
                .column("id", &Leaf::id, orm::primary_key)
                .column("branch_id", &Leaf::branch_id, orm::references{"ormt_branch"});
        return t;
    }
};

// The plainest key (orm::rowid): SQLite may reuse a deleted highest id.
struct Reusable {
    std::int64_t id = 0;
    std::string name;

    static const orm::Table<Reusable>& table() {
        static const orm::Table<Reusable> t = orm::Table<Reusable>("ormt_reusable")
                                                  .column("id", &Reusable::id, orm::rowid)
                                                  .column("name", &Reusable::name);
        return t;
    }
};

// Identifiers holding the quote characters of every backend.
struct Odd {
    std::int64_t id = 0;
    std::string value;
    int tick = 0;
    std::optional<std::string> apostrophe;

    static const orm::Table<Odd>& table() {
        static const orm::Table<Odd> t =
            orm::Table<Odd>("ormt_o\"dd`table")
                .column("id", &Odd::id, orm::primary_key)
                .column("va\"lue", &Odd::value, orm::varchar{32}, orm::unique)
                .column("ti`ck", &Odd::tick, orm::indexed)
                .column("it's", &Odd::apostrophe);
        return t;
    }
};

// Copies of notes, for Query::insert_into: the same column names plus a
// batch number, and a primary key of its own.
struct NoteCopy {
    std::int64_t seq = 0;
    std::int64_t batch = 0;
    std::int64_t id = 0;
    std::string text;
    std::int64_t category_id = 0;
    int priority = 0;
    orm::Timestamp updated_at;

    static const orm::Table<NoteCopy>& table() {
        static const orm::Table<NoteCopy> t = orm::Table<NoteCopy>("ormt_note_copies")
                                                  .column("seq", &NoteCopy::seq, orm::primary_key)
                                                  .column("batch", &NoteCopy::batch)
                                                  .column("id", &NoteCopy::id)
                                                  .column("text", &NoteCopy::text)
                                                  .column("category_id", &NoteCopy::category_id)
                                                  .column("priority", &NoteCopy::priority)
                                                  .column("updated_at", &NoteCopy::updated_at);
        return t;
    }
};

}  // namespace test
