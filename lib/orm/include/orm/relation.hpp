#pragma once
// Relationships between models through an integer foreign key member.
//
//   auto category = orm::belongs_to<Category>(session, *note, &Note::category_id);
//   auto notes = orm::has_many(session, *category, &Note::category_id)
//                    .filter(c(&Note::text).like("%sql%")).all();
//   orm::preload<Category>(session, notes, &Note::category_id);  // eager: one IN query
//
// Relationships are lazy: nothing is read until asked for. preload() reads the
// parents of many children with one statement, so listing N children with
// their parents costs two statements instead of N + 1.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "orm/expr.hpp"
#include "orm/session.hpp"

namespace orm {

// The parent `child` refers to through `foreign_key` (nullptr if none).
template <Model Parent, Model Child>
std::shared_ptr<Parent> belongs_to(Session& session, const Child& child,
                                   std::int64_t Child::*foreign_key) {
    return session.get<Parent>(child.*foreign_key);
}

// The children of `parent`, as a query that can be refined further.
template <Model Child, Model Parent>
Query<Child> has_many(Session& session, const Parent& parent, std::int64_t Child::*foreign_key) {
    const auto& table = Parent::table();
    const auto id = value_to_int64(table.get(&parent, table.primary_key_index()));
    return session.query<Child>().filter(c(foreign_key) == id);
}

// Loads the parents of all `children` into the identity map with one query,
// so that belongs_to() on each of them needs no statement.
template <Model Parent, Model Child>
void preload(Session& session, const std::vector<std::shared_ptr<Child>>& children,
             std::int64_t Child::*foreign_key) {
    std::vector<std::int64_t> ids;
    for (const auto& child : children)
        ids.push_back((*child).*foreign_key);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.empty()) return;
    const auto& table = Parent::table();
    const detail::ColumnRef key{&table.name(), &table.primary_key().name};
    constexpr std::size_t batch = 500;  // stays far below every backend's parameter limit
    for (std::size_t at = 0; at < ids.size(); at += batch) {
        std::vector<Value> some(ids.begin() + at, ids.begin() + std::min(ids.size(), at + batch));
        session.query<Parent>().filter(detail::in_list(key, std::move(some))).all();
    }
}

}  // namespace orm
