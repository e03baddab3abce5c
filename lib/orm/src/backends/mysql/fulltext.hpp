#pragma once
// Search terms compiled for MySQL / MariaDB full-text search, with the same
// meaning as on SQLite (see SqliteDialect::fulltext_match): every term is a
// word or the start of a word, case- and accent-insensitive; a phrase is its
// words in order; punctuation-only terms are literal.
//
// InnoDB's FULLTEXT index cannot see everything: it skips tokens shorter
// than innodb_ft_min_token_size (3) or longer than innodb_ft_max_token_size
// (84) and its stop words ("the", "is", "to"...), and its boolean syntax gives
// meaning to + - * " ( ) @ ~ < >. So a term becomes
//   - `+word*` in MATCH ... AGAINST (IN BOOLEAN MODE) when it is one word the
//     index holds; the word has only letters, digits and '_' (no operator);
//   - a REGEXP otherwise (short words, stop words, phrases, words joined by
//     punctuation such as "e-mail"): a word start, then each letter as a class
//     of its case and accent variants, words separated by non-word characters,
//     exactly as a tokenizer would see them. Indexable words of such a term
//     are added to MATCH too, to use the index and rank by it;
//   - a LIKE (binary, literal, '!' escapes) for a term with no letter or digit.
#include <string>
#include <vector>

#include "orm/dialect/dialect.hpp"

namespace orm {

struct MysqlSearch {
    std::string against;               // boolean-mode query; empty: no MATCH
    std::vector<std::string> regexps;  // each must match (column REGEXP ?)
    std::vector<std::string> likes;    // each must match (column LIKE ? ESCAPE '!', binary)
};

MysqlSearch compile_mysql_search(const std::vector<SearchTerm>& terms);

}  // namespace orm
