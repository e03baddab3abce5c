#pragma once
// The domain's refusals. Database failures stay orm::DatabaseError and its
// subclasses; the command line maps both to exit codes in one place.
#include <stdexcept>

namespace notes {

// A value that breaks a rule of the contract (exit 2, "invalid").
class Invalid : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// No such category or note (exit 1, "not_found").
class NotFound : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Already exists, not empty, or not confirmed (exit 3, "conflict").
class Conflict : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace notes
