#!/usr/bin/env bash
# Adds every public member the PublicApiAnalyzers report as undeclared (RS0016) to its project's
# PublicAPI.Unshipped.txt, for each project that tracks its API (has a PublicAPI.Shipped.txt), in dependency
# order, and deletes every line the analyzers report as no longer public (RS0017). Run it after changing public
# API or merging work that did, then review the diff: every change of the public surface shows there.
# It reads the symbols from the build's own RS0016 messages, which are the exact lines the files hold; that also
# covers what `dotnet format analyzers <proj> --diagnostics RS0016 --severity warn` misses (C# 14 extension blocks).
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
for project in Streamcaps.Core Streamcaps.Net Streamcaps.Hosting Streamcaps.Testing $(ls -d */PublicAPI.Shipped.txt 2>/dev/null | xargs -n1 dirname); do
  [ -f "$project/PublicAPI.Shipped.txt" ] || continue
  unshipped="$project/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || printf '#nullable enable\n' > "$unshipped"
  build=$(dotnet build "$project/$project.csproj" -c "$configuration" -nologo 2>&1 || true)
  symbols=$(printf '%s\n' "$build" | grep -oP "error RS0016: Symbol '\K.*?(?=' is not part of the declared public API)" | sort -u || true)
  removed=$(printf '%s\n' "$build" | grep -oP "error RS0017: Symbol '\K.*?(?=' is part of the declared API)" | sort -u || true)
  if [ -n "$removed" ]; then
    grep -vxF -f <(printf '%s\n' "$removed") "$unshipped" > "$unshipped.new" || true
    mv "$unshipped.new" "$unshipped"
    echo "$project: $(printf '%s\n' "$removed" | wc -l) public API line(s) removed from $unshipped"
  fi
  if [ -n "$symbols" ]; then
    { tail -n +2 "$unshipped"; printf '%s\n' "$symbols"; } | sort -u > "$unshipped.new"
    { echo '#nullable enable'; cat "$unshipped.new"; } > "$unshipped"
    rm "$unshipped.new"
    echo "$project: $(printf '%s\n' "$symbols" | wc -l) public API line(s) added to $unshipped"
  fi
done
