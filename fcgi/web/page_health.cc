// The health URL for load balancers and monitors: 200 when the store is
// open and the templates are loaded (both are true once a Site exists, so
// this also proves the request path works), with the store's generation.
// Never cached.
#include "pages.h"

namespace levelpress {

Status HealthPage(const PageContext& ctx, const UrlParams&, PageResult* out) {
  out->content_type = "text/plain; charset=utf-8";
  out->body = "ok generation=" + std::to_string(ctx.store.generation()) + "\n";
  out->no_cache = true;
  return Status::OK();
}

}  // namespace levelpress
