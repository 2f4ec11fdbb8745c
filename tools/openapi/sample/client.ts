// A small client written against the types openapi-typescript generates from docs/openapi.json
// (schema.d.ts, generated, not committed). CI compiles it with `tsc --strict`: a request written
// like the README's example must compile, optional fields stay optional, enums and integers keep
// their types. It is compiled, not run; tests/Policy.OpenApi.Tests runs the C# client against a server.
import type { components, paths } from "./schema";

type CheckRequest = components["schemas"]["CheckRequestDto"];
type CheckResponse = paths["/api/v1/checks"]["post"]["responses"][200]["content"]["application/json"];
type BatchRequest = paths["/api/v1/checks/batch"]["post"]["requestBody"]["content"]["application/json"];
type BatchResponse = components["schemas"]["BatchResponse"];
type ReviewRequest = components["schemas"]["ReviewRequestDto"];
type Review = paths["/api/v1/reviews"]["post"]["responses"][201]["content"]["application/json"];
type Decision = CheckResponse["decision"];
type Problem = components["schemas"]["ProblemDetails"];

export class PolicyClient {
  constructor(private readonly baseUrl: string, private readonly apiKey: string) {}

  check(request: CheckRequest): Promise<CheckResponse> {
    return this.post<CheckResponse>("/api/v1/checks", request);
  }

  checkBatch(request: BatchRequest): Promise<BatchResponse> {
    return this.post<BatchResponse>("/api/v1/checks/batch", request);
  }

  requestReview(request: ReviewRequest): Promise<Review> {
    return this.post<Review>("/api/v1/reviews", request);
  }

  async reviewQueue(state?: "closed"): Promise<Review[]> {
    const query = state === undefined ? "" : `?state=${state}`;
    const ok: paths["/api/v1/reviews/queue"]["get"]["responses"][200]["content"]["application/json"] =
      await this.send("GET", "/api/v1/reviews/queue" + query);
    return ok;
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("POST", path, body);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: { Authorization: `Bearer ${this.apiKey}`, "Content-Type": "application/json" } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    const response = await fetch(this.baseUrl + path, init);
    if (!response.ok) {
      const problem = (await response.json()) as Problem;
      throw new Error(`${response.status} ${problem.title ?? ""}: ${problem.detail ?? ""}`);
    }
    return (await response.json()) as T;
  }
}

/** The README's example: only the text and the account are sent. */
export async function example(client: PolicyClient): Promise<string> {
  const answer = await client.check({ text: "Der neue Zugang fürs Lager-WLAN: Passwort lautet Blaubeere#77", account: { kind: "private" } });
  const order: Record<Decision, number> = { allow: 0, info: 1, warn: 2, review: 3, block: 4 };
  const firstSpan: number = answer.findings[0]?.span.start ?? -1;

  const batch = await client.checkBatch({ items: [{ text: "Schönen Feierabend!" }, { text: "Passwort: Blaubeere#77", language: "de" }] });
  const worst = batch.items.reduce((w, item) => Math.max(w, order[item.decision]), 0);

  if (answer.decision === "warn" || answer.decision === "review") {
    const review = await client.requestReview({ checkId: answer.checkId, shareText: false, note: "Bitte prüfen" });
    const pending: boolean = review.state === "pending";
    const queue = await client.reviewQueue();
    return `${review.id} ${pending} ${queue.length}`;
  }

  return `${answer.decision} at ${firstSpan}, worst ${worst}`;
}
