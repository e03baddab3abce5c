#pragma once
// Small blocks recycled per thread. A session holds every row it reads
// until commit, then frees them together: the pattern the general allocator
// serves slowest (the freed blocks overflow its per-thread cache, and each
// later request takes its slow path). A few block sizes, a few thousand
// blocks each, are kept on free lists instead; the rest goes to
// operator new/delete. Under AddressSanitizer nothing is kept, so that it
// still sees every use after free.
#include <cstddef>
#include <new>

namespace orm {

namespace block_pool {
void* allocate(std::size_t bytes);
void deallocate(void* block, std::size_t bytes) noexcept;
}  // namespace block_pool

// For containers and std::allocate_shared: their small blocks (nodes,
// objects with their counts, short arrays) come from block_pool. Any thread
// may free a block, however long after.
template <class T>
struct PoolAllocator {
    using value_type = T;

    PoolAllocator() noexcept = default;
    template <class U>
    PoolAllocator(const PoolAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(block_pool::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { block_pool::deallocate(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const PoolAllocator<U>&) const noexcept {
        return true;
    }
};

}  // namespace orm
