// Whether the SDK API serves a route yet (other engineers add endpoints while benchmarks are
// written): 404 means not there; anything else (401 without a session included) means it is.
export async function apiRouteExists(apiUrl: string, path: string): Promise<boolean> {
  try {
    const response = await fetch(new URL(path, apiUrl));
    await response.body?.cancel();
    return response.status !== 404;
  } catch {
    return false;
  }
}
