#pragma once
// The tables of the original tutorial, declared with the ORM: categories and
// the notes in them, plus timestamps with column defaults so that rows written
// by other programs (only `name`, or `text` + `category_id`) stay valid.
#include <cstdint>
#include <string>

#include "orm/orm.hpp"

namespace notes {

struct Note;

struct Category {
    std::int64_t id = 0;
    std::string name;
    orm::Timestamp created_at;

    static const orm::Table<Category>& table();

    // The tutorial's helpers.
    static orm::Query<Category> search_by_name(orm::Session& session, const std::string& name);
    // Exactly one: orm::NoResultFound when there is none.
    static std::shared_ptr<Category> find_by_name(orm::Session& session, const std::string& name);
    orm::Query<Note> notes(orm::Session& session) const;
};

struct Note {
    std::int64_t id = 0;
    std::string text;
    std::int64_t category_id = 0;
    orm::Timestamp created_at;
    orm::Timestamp updated_at;

    static const orm::Table<Note>& table();

    std::shared_ptr<Category> category(orm::Session& session) const;
};

// The tutorial's `record.save()`: add to the session and commit.
template <orm::Model T>
std::shared_ptr<T> save(orm::Session& session, std::shared_ptr<T> record) {
    session.add(record);
    session.commit();
    return record;
}

// Every table of the notebook (the history's included), for create_all /
// drop_all.
const orm::MetaData& metadata();

}  // namespace notes
