#include "orm/query.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "orm/connection.hpp"
#include "orm/dialect/compiler.hpp"
#include "orm/errors.hpp"
#include "orm/session.hpp"

namespace orm {

QueryBase::QueryBase(Session& session, const TableDef& table)
    : session_(&session), table_(&table) {}

void QueryBase::add_filter(Expr expr) {
    // One expression for every filter: the same SQL as a list joined with
    // AND (SqlCompiler::where), without a list to allocate per query.
    if (!filtered_) {
        where_ = std::move(expr);
        filtered_ = true;
    } else {
        where_.append_static_sql(" AND ").append(expr);
    }
}
void QueryBase::add_order(OrderBy order) {
    order_.push_back(std::move(order));
}
void QueryBase::set_search(std::size_t column, std::vector<SearchTerm> terms) {
    search_.emplace(column, std::move(terms));
}

Selection QueryBase::selection(std::optional<FulltextMatch>& match,
                               std::optional<std::int64_t> limit) const {
    if (search_)
        match = session_->engine().dialect().fulltext_match(
            *table_, table_->columns()[search_->first], search_->second);
    return Selection{table_, filters(), match ? &*match : nullptr, order_, limit, offset_};
}

Selection QueryBase::filters_only(std::string_view what) const {
    if (search_)
        throw std::logic_error(fmt::format("orm: {}() cannot be combined with search()", what));
    return Selection{table_, filters(), nullptr, {}, {}, {}};
}

const SqlCompiler& QueryBase::compiler() const {
    return session_->engine().dialect().compiler();
}

std::pair<std::string, std::vector<Value>> QueryBase::select_sql() const {
    return select_sql(limit_);
}

std::pair<std::string, std::vector<Value>> QueryBase::select_sql(
    std::optional<std::int64_t> limit) const {
    std::optional<FulltextMatch> match;
    auto [sql, params] = compiler().select(selection(match, limit));
    return {std::move(sql), std::move(params)};
}

StatementHandle QueryBase::execute(std::optional<std::int64_t> limit_override, bool borrow) const {
    // one() and first() need at most two rows: render with the tighter limit.
    const auto limit =
        limit_override && (!limit_ || *limit_override < *limit_) ? limit_override : limit_;
    auto& connection = session_->connection();
    if (search_) {
        // The full-text condition depends on the terms: rendered each time.
        auto [sql, params] = select_sql(limit);
        auto statement = connection.prepare(sql);
        statement->bind_all(params);
        return statement;
    }
    // The same shape of query renders the same text: render and prepare it
    // once per connection (a lookup repeated a thousand times costs its
    // rendering once). The key is built in a buffer kept between calls.
    thread_local std::string shape;
    shape.clear();
    // A model's table lives as long as the program (Model: a static table()).
    shape.append(reinterpret_cast<const char*>(&table_), sizeof table_);
    shape += table_->name();
    const auto part = [](char kind) {
        shape += '\x1d';  // never in an identifier or SQL the ORM writes
        shape += kind;
    };
    if (filtered_) {
        part('W');
        where_.append_shape(shape);
    }
    for (const auto& order : order_) {
        part(order.descending ? 'D' : 'A');
        order.expr.append_shape(shape);
    }
    // The numbers' bytes, not their digits: fixed width, no formatting.
    const auto number = [](std::int64_t n) {
        shape.append(reinterpret_cast<const char*>(&n), sizeof n);
    };
    if (limit) {
        part('L');
        number(*limit);
    }
    if (offset_) {
        part('O');
        number(*offset_);
    }
    const Selection rows{table_, filters(), nullptr, order_, limit, offset_};
    auto statement =
        connection.prepare_rendered(shape, [&] { return compiler().select(rows).text; });
    // The values in the order the compiler places them; borrowed when this
    // query outlives the statement's use.
    int index = 0;
    if (borrow)
        rows.each_parameter([&](const Value& value) { statement->bind_borrowed(++index, value); });
    else
        rows.each_parameter([&](const Value& value) { statement->bind(++index, value); });
    return statement;
}

std::vector<std::shared_ptr<void>> QueryBase::fetch(std::optional<std::int64_t> limit) const {
    auto statement = execute(limit, true);
    std::vector<std::shared_ptr<void>> out;
    while (statement->step())
        out.push_back(session_->load(*table_, *statement));
    return out;
}

std::shared_ptr<void> QueryBase::fetch_one(bool must_exist) const {
    auto statement = execute(2, true);
    if (!statement->step()) {
        if (must_exist)
            throw NoResultFound(fmt::format("no row in '{}' matches the query", table_->name()));
        return nullptr;
    }
    auto row = session_->load(*table_, *statement);
    if (statement->step())
        throw MultipleResultsFound(fmt::format(
            "more than one row in '{}' matches where one was expected", table_->name()));
    return row;
}

std::int64_t QueryBase::count() const {
    std::optional<FulltextMatch> match;
    const auto [sql, params] = compiler().count(selection(match, {}));
    auto statement = session_->connection().prepare(sql);
    statement->bind_all(params);
    return statement->step() ? statement->get_int64(0) : 0;
}

std::vector<std::pair<Value, std::int64_t>> QueryBase::count_by(std::size_t column) const {
    const auto& def = table_->columns()[column];
    if (def.counter && !filtered_ && !search_) {
        // Every row counts: the counter already has the answer, whatever the
        // number of rows. A count of 0 is no group, as with grouping rows.
        auto statement = session_->connection().prepare(compiler().counted(def));
        std::vector<std::pair<Value, std::int64_t>> out;
        while (statement->step())
            out.emplace_back(statement->get_value(0), statement->get_int64(1));
        return out;
    }
    std::optional<FulltextMatch> match;
    const auto [sql, params] = compiler().count_by(selection(match, {}), column);
    auto statement = session_->connection().prepare(sql);
    statement->bind_all(params);
    std::vector<std::pair<Value, std::int64_t>> out;
    while (statement->step())
        out.emplace_back(statement->get_value(0), statement->get_int64(1));
    return out;
}

std::int64_t QueryBase::delete_all() const {
    const auto [sql, params] = compiler().delete_where(filters_only("delete_all"));
    return session_->connection().execute(sql, params);
}

std::int64_t QueryBase::update_all(const std::vector<Assignment>& values) const {
    if (values.empty()) return 0;
    std::vector<ColumnValue> sets;
    for (const auto& a : values) {
        if (a.table != table_)
            throw std::logic_error("orm: update_all() of " + table_->name() +
                                   " given a column of " + a.table->name());
        sets.push_back({a.column, a.value});
    }
    const auto [sql, params] = compiler().update_where(filters_only("update_all"), sets);
    return session_->connection().execute(sql, params);
}

std::int64_t QueryBase::insert_into(const TableDef& target,
                                    const std::vector<Assignment>& values) const {
    std::vector<CopiedColumn> columns;
    for (std::size_t i = 0; i < target.columns().size(); ++i) {
        const auto given = std::find_if(values.begin(), values.end(), [&](const Assignment& a) {
            return a.table == &target && a.column == i;
        });
        if (given != values.end())
            columns.push_back({i, given->value});
        else if (table_->find(target.columns()[i].name))
            columns.push_back({i, std::nullopt});
    }
    for (const auto& a : values)
        if (a.table != &target)
            throw std::logic_error("orm: insert_into() " + target.name() + " given a column of " +
                                   a.table->name());
    const auto [sql, params] =
        compiler().insert_select(target, columns, filters_only("insert_into"));
    return session_->connection().execute(sql, params);
}

}  // namespace orm
