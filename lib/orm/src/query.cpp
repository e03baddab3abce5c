#include "orm/query.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "orm/connection.hpp"
#include "orm/errors.hpp"
#include "orm/session.hpp"

namespace orm {

QueryBase::QueryBase(Session& session, const TableDef& table)
    : session_(&session), table_(&table) {}

void QueryBase::add_filter(Expr expr) {
    filters_.push_back(std::move(expr));
}
void QueryBase::add_order(OrderBy order) {
    order_.push_back(std::move(order));
}
void QueryBase::set_search(std::size_t column, std::vector<SearchTerm> terms) {
    search_.emplace(column, std::move(terms));
}

std::string QueryBase::from_where(std::vector<Value>& params, bool with_rank) const {
    const auto& d = session_->engine().dialect();
    std::string sql = " FROM " + d.quote(table_->name());
    std::optional<FulltextMatch> match;
    if (search_) {
        match = d.fulltext_match(*table_, table_->columns()[search_->first], search_->second);
        sql += match->join;
    }
    const char* sep = " WHERE ";
    for (const auto& filter : filters_) {
        sql += sep + filter.compile(d);
        params.insert(params.end(), filter.params().begin(), filter.params().end());
        sep = " AND ";
    }
    if (match && !match->where.empty()) {
        sql += sep + match->where;
        params.insert(params.end(), match->where_params.begin(), match->where_params.end());
    }
    if (!with_rank) return sql;
    sep = " ORDER BY ";
    if (match && !match->rank.empty()) {
        sql += sep + match->rank;
        params.insert(params.end(), match->rank_params.begin(), match->rank_params.end());
        sep = ", ";
    }
    for (const auto& order : order_) {
        sql += sep + order.expr.compile(d) + (order.descending ? " DESC" : "");
        params.insert(params.end(), order.expr.params().begin(), order.expr.params().end());
        sep = ", ";
    }
    return sql;
}

std::pair<std::string, std::vector<Value>> QueryBase::select_sql() const {
    return select_sql(limit_);
}

std::pair<std::string, std::vector<Value>> QueryBase::select_sql(
    std::optional<std::int64_t> limit) const {
    const auto& d = session_->engine().dialect();
    std::string sql = "SELECT ";
    const char* sep = "";
    for (const auto& column : table_->columns()) {
        sql += sep + d.quote(table_->name()) + "." + d.quote(column.name);
        sep = ", ";
    }
    std::vector<Value> params;
    sql += from_where(params, true);
    sql += d.limit_offset(limit, offset_);
    return {std::move(sql), std::move(params)};
}

StatementHandle QueryBase::execute(std::optional<std::int64_t> limit_override) const {
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
    // The same shape of query renders the same SQL: render it once per
    // connection (a lookup repeated a thousand times costs its SQL once).
    std::string shape;
    shape.reserve(128);
    // A model's table lives as long as the program (Model: a static table()).
    shape.append(reinterpret_cast<const char*>(&table_), sizeof table_);
    shape += table_->name();
    const auto part = [&shape](char kind) {
        shape += '\x1d';  // never in an identifier or SQL the ORM writes
        shape += kind;
    };
    for (const auto& filter : filters_) {
        part('W');
        filter.append_shape(shape);
    }
    for (const auto& order : order_) {
        part(order.descending ? 'D' : 'A');
        order.expr.append_shape(shape);
    }
    if (limit) {
        part('L');
        shape += std::to_string(*limit);
    }
    if (offset_) {
        part('O');
        shape += std::to_string(*offset_);
    }
    const auto& sql = connection.rendered(shape, [&] { return select_sql(limit).first; });
    auto statement = connection.prepare(sql);
    // The values in the order select_sql() binds them: filters, then orders.
    int index = 0;
    for (const auto& filter : filters_)
        for (const auto& value : filter.params())
            statement->bind(++index, value);
    for (const auto& order : order_)
        for (const auto& value : order.expr.params())
            statement->bind(++index, value);
    return statement;
}

std::vector<std::shared_ptr<void>> QueryBase::fetch(std::optional<std::int64_t> limit) const {
    auto statement = execute(limit);
    std::vector<std::shared_ptr<void>> out;
    while (statement->step())
        out.push_back(session_->load(*table_, *statement));
    return out;
}

std::shared_ptr<void> QueryBase::fetch_one(bool must_exist) const {
    auto rows = fetch(2);
    if (rows.size() > 1)
        throw MultipleResultsFound(fmt::format(
            "more than one row in '{}' matches where one was expected", table_->name()));
    if (rows.empty()) {
        if (must_exist)
            throw NoResultFound(fmt::format("no row in '{}' matches the query", table_->name()));
        return nullptr;
    }
    return rows.front();
}

std::int64_t QueryBase::count() const {
    std::vector<Value> params;
    const auto sql = "SELECT COUNT(*)" + from_where(params, false);
    auto statement = session_->connection().prepare(sql);
    statement->bind_all(params);
    return statement->step() ? statement->get_int64(0) : 0;
}

std::vector<std::pair<Value, std::int64_t>> QueryBase::count_by(std::size_t column) const {
    const auto& d = session_->engine().dialect();
    const auto& def = table_->columns()[column];
    if (def.counter && filters_.empty() && !search_) {
        // Every row counts: the counter already has the answer, whatever the
        // number of rows. A count of 0 is no group, as with GROUP BY.
        auto statement = session_->connection().prepare(
            "SELECT " + d.quote(def.name) + ", " + d.quote(def.counter->count_column) + " FROM " +
            d.quote(def.counter->table) + " WHERE " + d.quote(def.counter->count_column) + " <> 0");
        std::vector<std::pair<Value, std::int64_t>> out;
        while (statement->step())
            out.emplace_back(statement->get_value(0), statement->get_int64(1));
        return out;
    }
    const auto name = d.quote(table_->name()) + "." + d.quote(table_->columns()[column].name);
    std::vector<Value> params;
    const auto sql =
        "SELECT " + name + ", COUNT(*)" + from_where(params, false) + " GROUP BY " + name;
    auto statement = session_->connection().prepare(sql);
    statement->bind_all(params);
    std::vector<std::pair<Value, std::int64_t>> out;
    while (statement->step())
        out.emplace_back(statement->get_value(0), statement->get_int64(1));
    return out;
}

std::int64_t QueryBase::delete_all() const {
    if (search_) throw std::logic_error("orm: delete_all() cannot be combined with search()");
    std::vector<Value> params;
    const auto sql = "DELETE" + from_where(params, false);
    return session_->connection().execute(sql, params);
}

std::string QueryBase::where_only(std::vector<Value>& params, std::string_view what) const {
    if (search_)
        throw std::logic_error(fmt::format("orm: {}() cannot be combined with search()", what));
    const auto& d = session_->engine().dialect();
    std::string sql;
    const char* sep = " WHERE ";
    for (const auto& filter : filters_) {
        sql += sep + filter.compile(d);
        params.insert(params.end(), filter.params().begin(), filter.params().end());
        sep = " AND ";
    }
    return sql;
}

std::int64_t QueryBase::update_all(const std::vector<Assignment>& values) const {
    if (values.empty()) return 0;
    const auto& d = session_->engine().dialect();
    std::string sql = "UPDATE " + d.quote(table_->name()) + " SET ";
    std::vector<Value> params;
    const char* sep = "";
    for (const auto& a : values) {
        if (a.table != table_)
            throw std::logic_error("orm: update_all() of " + table_->name() +
                                   " given a column of " + a.table->name());
        sql += sep + d.quote(table_->columns()[a.column].name) + " = ?";
        params.push_back(a.value);
        sep = ", ";
    }
    sql += where_only(params, "update_all");
    return session_->connection().execute(sql, params);
}

std::int64_t QueryBase::insert_into(const TableDef& target,
                                    const std::vector<Assignment>& values) const {
    const auto& d = session_->engine().dialect();
    std::string names, selected;
    std::vector<Value> params;
    for (std::size_t i = 0; i < target.columns().size(); ++i) {
        const auto& column = target.columns()[i];
        std::string expr;
        const auto given = std::find_if(values.begin(), values.end(), [&](const Assignment& a) {
            return a.table == &target && a.column == i;
        });
        if (given != values.end()) {
            expr = d.parameter(column);
            params.push_back(given->value);
        } else if (table_->find(column.name)) {
            expr = d.quote(table_->name()) + "." + d.quote(column.name);
        } else {
            continue;
        }
        if (!names.empty()) {
            names += ", ";
            selected += ", ";
        }
        names += d.quote(column.name);
        selected += expr;
    }
    for (const auto& a : values)
        if (a.table != &target)
            throw std::logic_error("orm: insert_into() " + target.name() + " given a column of " +
                                   a.table->name());
    std::string sql = "INSERT INTO " + d.quote(target.name()) + " (" + names + ") SELECT " +
                      selected + " FROM " + d.quote(table_->name());
    sql += where_only(params, "insert_into");
    return session_->connection().execute(sql, params);
}

}  // namespace orm
