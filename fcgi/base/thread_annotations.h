// Thread-safety annotations, as LevelDB's port/thread_annotations.h: clang
// checks at compile time (-Wthread-safety, on in every clang build) that a
// member marked GUARDED_BY(mu) is touched only with mu held. They expand to
// nothing elsewhere. Use them with levelpress::Mutex (mutex.h); the standard
// library's std::mutex carries no annotations in libstdc++.
#pragma once

#if defined(__clang__)
#define LP_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define LP_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) LP_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY LP_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) LP_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) LP_THREAD_ANNOTATION(pt_guarded_by(x))
#define ACQUIRE(...) LP_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) LP_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define REQUIRES(...) LP_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) LP_THREAD_ANNOTATION(assert_capability(x))
#define EXCLUDES(...) LP_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS \
  LP_THREAD_ANNOTATION(no_thread_safety_analysis)
