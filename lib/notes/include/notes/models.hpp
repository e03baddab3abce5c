#pragma once
// The tables of the original tutorial, declared with the ORM: categories and
// the notes in them, plus timestamps with column defaults so that rows written
// by other programs (only `name`, or `text` + `category_id`) stay valid.
#include <cstdint>
#include <string>

#include "orm/orm.hpp"

namespace notes {

struct Category {
    std::int64_t id = 0;
    std::string name;
    orm::Timestamp created_at;

    static const orm::Table<Category>& table();
};

struct Note {
    std::int64_t id = 0;
    std::string text;
    std::int64_t category_id = 0;
    orm::Timestamp created_at;
    orm::Timestamp updated_at;

    static const orm::Table<Note>& table();
};

// Every table of the notebook, for create_all / drop_all.
const orm::MetaData& metadata();

}  // namespace notes
