//! `hoso serve`, started as a real process on a free port of the loopback and called over HTTP:
//! every route and status, the same bytes as the command line, the bounds (body limit, queue,
//! deadline), the workspace's ETags, the token, load and a graceful stop.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{bin, root, sample_path, samples_dir};

/// A running `hoso serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The workbench's session token, when it serves a workspace.
    pub token: Option<String>,
}

impl Server {
    /// Start `hoso serve --listen 127.0.0.1:0 ARGS` and wait for its address.
    pub fn start(args: &[&str]) -> Server {
        Self::start_on("127.0.0.1:0", args)
    }

    pub fn start_on(listen: &str, args: &[&str]) -> Server {
        Self::start_logging(listen, args, Stdio::null())
    }

    /// [`Server::start_on`], its log (stderr) going to `log`.
    pub fn start_logging(listen: &str, args: &[&str], log: impl Into<Stdio>) -> Server {
        let mut child = Command::new(bin())
            .args(["serve", "--listen", listen])
            .args(args)
            .env("HOSO_LANG", "en")
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let addr = line.trim().rsplit(' ').next().unwrap().to_string();
        assert!(addr.starts_with("http://"), "no address in {line:?}");
        let port = addr.rsplit(':').next().unwrap();
        // With a workspace, a second line gives the workbench's address with its token.
        let token = args.contains(&"--workspace").then(|| {
            let mut second = String::new();
            out.read_line(&mut second).unwrap();
            let at = second.find("#token=").unwrap_or_else(|| panic!("no token in {second:?}"));
            second[at + 7..].split_whitespace().next().unwrap().to_string()
        });
        Server { child, url: format!("http://127.0.0.1:{port}"), token }
    }

    /// The server's exit status, once it has exited.
    pub fn try_wait(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().unwrap()
    }

    /// The server's peak resident memory so far, in MiB.
    pub fn peak_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024.0
    }

    /// The `Authorization` header's value for the workbench's routes.
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.token.as_deref().unwrap_or_default())
    }

    /// Resident memory of the server, in MiB.
    pub fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024.0
    }

    /// Send SIGTERM.
    pub fn terminate(&self) {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP agent that returns 4xx and 5xx as answers, not errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(300)))
        .build()
        .new_agent()
}

/// An answer: status, headers we look at, body.
pub struct Answer {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }
}

fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut r = r.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r.body_mut().with_config().limit(512 << 20).read_to_vec().unwrap();
    Answer { status, headers, body }
}

pub fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

pub fn post(url: &str, content_type: &str, body: &[u8]) -> Answer {
    answer(agent().post(url).header("Content-Type", content_type).send(body))
}

/// A `multipart/form-data` body of (part name, bytes).
pub fn multipart(parts: &[(&str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "hoso-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in parts {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The sample and every file under `samples/` it may name, as multipart parts.
pub fn sample_parts() -> Vec<(&'static str, Vec<u8>)> {
    let mut parts = vec![("dossier", std::fs::read(sample_path()).unwrap())];
    for f in
        ["minh-chung/bien-nhan-ung-ho-quy-2023.jpg", "chu-ky/con-dau.png", "chu-ky/hieu-truong.png", "bieu-trung.png"]
    {
        parts.push((f, std::fs::read(samples_dir().join(f)).unwrap()));
    }
    parts
}

/// The files of a ZIP, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    // Stored entries only (what the service writes): local header, name, data.
    let mut out = Vec::new();
    let mut at = 0;
    while bytes.len() >= at + 30 && bytes[at..at + 4] == [0x50, 0x4b, 0x03, 0x04] {
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        assert_eq!(u16_at(at + 8), 0, "stored, not compressed");
        let size = u32_at(at + 18);
        let (name_len, extra_len) = (u16_at(at + 26), u16_at(at + 28));
        let name = String::from_utf8(bytes[at + 30..at + 30 + name_len].to_vec()).unwrap();
        let data = at + 30 + name_len + extra_len;
        out.push((name, bytes[data..data + size].to_vec()));
        at = data + size;
    }
    out
}

/// A PNG whose header claims `w` × `h` pixels (a decompression bomb's shape), with no data.
fn claimed_png(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        let body = [kind, data].concat();
        c.extend(&body);
        c.extend(crc32(&body).to_be_bytes());
        c
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    // A few bytes of a zlib stream: what decodes to gigabytes is never here, only promised.
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0xed, 0xc1, 0x01, 0x0d, 0x00, 0x00, 0x00]));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// Guards every read-only route: health, forms, schema in both languages, the OpenAPI document
/// (which names every route), metrics, and a 404 for what is not a route.
#[test]
fn the_read_only_routes_answer_as_documented() {
    let s = Server::start(&[]);
    let h = get(&format!("{}/healthz", s.url));
    assert_eq!((h.status, h.body.as_slice()), (200, &b"ok\n"[..]));
    assert!(h.header("x-request-id").is_some());
    let forms = get(&format!("{}/v1/forms", s.url));
    assert_eq!(forms.status, 200);
    let cli = crate::common::cli().args(["forms", "--json"]).output().unwrap();
    assert_eq!(forms.json(), serde_json::from_slice::<Value>(&cli.stdout).unwrap(), "the same as `hoso forms --json`");
    for (lang, file) in [("vi", "docs/dossier-v2.schema.json"), ("en", "docs/dossier-v2.schema.en.json")] {
        let schema = get(&format!("{}/v1/schema?lang={lang}", s.url));
        let published: Value = serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
        assert_eq!(schema.json(), published, "{lang}");
    }
    let doc = get(&format!("{}/v1/openapi.json", s.url)).json();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/v1/check",
        "/v1/render",
        "/v1/export",
        "/v1/gather",
        "/v1/forms",
        "/v1/schema",
        "/v1/openapi.json",
        "/v1/dossiers",
        "/v1/dossiers/{path}",
        "/healthz",
        "/metrics",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is not in the OpenAPI document");
    }
    assert_eq!(get(&format!("{}/no/such/route", s.url)).status, 404);
    let m = get(&format!("{}/metrics", s.url));
    assert_eq!(m.status, 200);
    let text = String::from_utf8(m.body).unwrap();
    for name in [
        "hoso_http_requests_total{route=\"/v1/forms\",status=\"200\"} 1",
        "hoso_render_seconds_bucket",
        "hoso_documents_rendered_total",
        "hoso_pages_rendered_total",
        "hoso_queue_depth",
    ] {
        assert!(text.contains(name), "{name} not in\n{text}");
    }
}

/// Guards `POST /v1/check`: 200 whether valid or not, each problem with its path, code, line
/// and column, in Vietnamese unless English is asked for; a file the dossier names but the
/// request did not bring is a problem at that path.
#[test]
fn check_answers_every_problem_with_200() {
    let s = Server::start(&[]);
    let (ct, body) = multipart(&sample_parts());
    let ok = post(&format!("{}/v1/check", s.url), &ct, &body);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json()["valid"], true, "{}", ok.json());
    let text = std::fs::read(sample_path()).unwrap();
    let bare = post(&format!("{}/v1/check", s.url), "application/json", &text).json();
    assert_eq!(bare["valid"], false);
    let missing = bare["problems"].as_array().unwrap().iter().find(|p| p["path"] == "nominees[2].evidence[0]").unwrap();
    assert_eq!(missing["code"], "file.problem");
    assert!(missing["message"].as_str().unwrap().contains("không tồn tại"), "{missing}");
    assert!(missing["line"].as_u64().unwrap() > 1 && missing["column"].as_u64().is_some());
    let mut bad: Value = serde_json::from_slice(&text).unwrap();
    bad["nominees"][3]["birth_date"] = json!("31/02/1985");
    let mut parts = sample_parts();
    parts[0].1 = serde_json::to_vec_pretty(&bad).unwrap();
    let (ct, body) = multipart(&parts);
    let en = post(&format!("{}/v1/check?lang=en", s.url), &ct, &body).json();
    assert_eq!(en["valid"], false);
    let p = &en["problems"][0];
    assert_eq!((p["path"].as_str(), p["code"].as_str()), (Some("nominees[3].birth_date"), Some("date.not-a-date")));
    assert_eq!(p["message"], "31/02/1985 is not a date");
    assert!(p["place"].as_str().unwrap().starts_with("nominee 4 ("), "{p}");
    let by_header = answer(
        agent()
            .post(&format!("{}/v1/check", s.url))
            .header("Content-Type", &ct)
            .header("Accept-Language", "en-US,en;q=0.9")
            .send(&body[..]),
    );
    assert_eq!(by_header.json()["problems"][0]["message"], "31/02/1985 is not a date");
    let syntax = post(&format!("{}/v1/check", s.url), "application/json", b"{\"format\": ").json();
    assert_eq!(syntax["problems"][0]["code"], "json.invalid");
}

/// Guards `POST /v1/export`: the workbook and the Word document are the bytes `hoso export`
/// writes; an unknown format is 400, an invalid dossier 422 with its problems.
#[test]
fn export_gives_the_command_lines_bytes() {
    let s = Server::start(&[]);
    let (ct, body) = multipart(&sample_parts());
    let out = tempfile::tempdir().unwrap();
    let o = crate::common::cli()
        .args(["export", sample_path().to_str().unwrap(), "-o", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (format, file, kind) in [
        ("", "danh-sach.xlsx", "spreadsheetml"),
        ("?format=xlsx", "danh-sach.xlsx", "spreadsheetml"),
        ("?format=docx", "danh-sach.docx", "wordprocessingml"),
    ] {
        let a = post(&format!("{}/v1/export{format}", s.url), &ct, &body);
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        assert!(a.header("content-type").unwrap_or_default().contains(kind));
        assert!(a.body == std::fs::read(out.path().join(file)).unwrap(), "{file} differs from `hoso export`");
    }
    assert_eq!(post(&format!("{}/v1/export?format=pdf", s.url), &ct, &body).status, 400);
    let mut bad: Value = serde_json::from_slice(&std::fs::read(sample_path()).unwrap()).unwrap();
    bad["minutes"]["date"] = json!("2/30/2023");
    let mut parts = sample_parts();
    parts[0].1 = serde_json::to_vec(&bad).unwrap();
    let (ct, body) = multipart(&parts);
    let a = post(&format!("{}/v1/export", s.url), &ct, &body);
    assert_eq!(a.status, 422);
    assert!(a.json()["problems"].as_array().is_some_and(|p| !p.is_empty()));
}

/// Guards `POST /v1/render`: the ZIP holds the same bytes `hoso render` writes; one document
/// by file name or form id as application/pdf; 422 with the problems; 404 for no such document.
#[test]
fn render_gives_the_command_lines_bytes() {
    let s = Server::start(&[]);
    let (ct, body) = multipart(&sample_parts());
    let zip = post(&format!("{}/v1/render", s.url), &ct, &body);
    assert_eq!(zip.status, 200, "{}", String::from_utf8_lossy(&zip.body));
    assert_eq!(zip.header("content-type").as_deref(), Some("application/zip"));
    let out = tempfile::tempdir().unwrap();
    let o = crate::common::cli()
        .args(["render", sample_path().to_str().unwrap(), "-o", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success());
    let files = unzip(&zip.body);
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut zipped: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    zipped.sort();
    assert_eq!(zipped, names);
    for (name, bytes) in &files {
        assert!(*bytes == std::fs::read(out.path().join(name)).unwrap(), "{name} differs from `hoso render`");
    }
    let again = post(&format!("{}/v1/render", s.url), &ct, &body);
    assert!(again.body == zip.body, "the same dossier gives the same archive");
    for which in ["to-trinh", "01-to-trinh.pdf"] {
        let pdf = post(&format!("{}/v1/render?document={which}", s.url), &ct, &body);
        assert_eq!(pdf.status, 200);
        assert_eq!(pdf.header("content-type").as_deref(), Some("application/pdf"));
        assert!(pdf.body == std::fs::read(out.path().join("01-to-trinh.pdf")).unwrap());
    }
    assert_eq!(post(&format!("{}/v1/render?document=khong-co", s.url), &ct, &body).status, 404);
    let mut bad: Value = serde_json::from_slice(&std::fs::read(sample_path()).unwrap()).unwrap();
    bad["minutes"]["date"] = json!("2/30/2023");
    let mut parts = sample_parts();
    parts[0].1 = serde_json::to_vec(&bad).unwrap();
    let (ct, body) = multipart(&parts);
    let refused = post(&format!("{}/v1/render", s.url), &ct, &body);
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["problems"][0]["path"], "minutes.date");
}

/// Guards `POST /v1/gather`: the sample office's folder sent as parts named by their paths is
/// gathered as `hoso gather` gathers it — the same dossier, units and findings, with unit, file
/// and path, in the request's language — and a body that is no folder, a part leaving it and a
/// folder without the office's settings each get a 400 saying so.
#[test]
fn gather_answers_as_the_library_gathers() {
    let s = Server::start(&[]);
    let office = root().join("samples/tiep-nhan-xa-tay-khanh-vinh");
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&office)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&office).unwrap().to_str().unwrap().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    let parts: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let (ct, body) = multipart(&parts);
    let a = post(&format!("{}/v1/gather?lang=en", s.url), &ct, &body);
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let answer = a.json();
    let settings = hoso::gather::settings(&office.join(hoso::gather::SETTINGS_FILE)).unwrap();
    let g =
        hoso::gather::gather(&crate::common::ENGINE, &office, &settings, &hoso::gather::Options::default()).unwrap();
    assert_eq!(answer["dossier"], g.dossier, "the same dossier as the library's");
    assert_eq!(answer["errors"], g.has_errors());
    let units: Vec<(String, usize)> = answer["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["file"].as_str().unwrap().to_string(), u["taken"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(units, g.units.iter().map(|u| (u.file.clone(), u.taken)).collect::<Vec<_>>());
    let findings = answer["findings"].as_array().unwrap();
    assert_eq!(findings.len(), g.findings.len());
    for (f, mine) in findings.iter().zip(&g.findings) {
        assert_eq!(f["file"], mine.file.as_str());
        assert_eq!(f["path"], mine.path.as_str());
        assert_eq!(f["message"], mine.message.render(hoso::messages::Lang::En).as_str());
    }
    let late = answer["units"].as_array().unwrap().iter().find(|u| !u["refused"].is_null()).expect("the late unit");
    assert!(late["refused"].as_str().unwrap().contains("after"), "{late}");

    // Not a folder; a part leaving it; no settings.
    let json = post(&format!("{}/v1/gather?lang=en", s.url), "application/json", b"{}");
    assert_eq!(json.status, 400);
    assert!(json.json()["error"].as_str().unwrap().contains("multipart/form-data"), "{:?}", json.json());
    let (ct, body) = multipart(&[("../co-quan.json", b"{}".to_vec())]);
    assert_eq!(post(&format!("{}/v1/gather", s.url), &ct, &body).status, 400);
    files.retain(|(n, _)| n != hoso::gather::SETTINGS_FILE);
    let parts: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let (ct, body) = multipart(&parts);
    let none = post(&format!("{}/v1/gather?lang=en", s.url), &ct, &body);
    assert_eq!(none.status, 400);
    assert!(none.json()["error"].as_str().unwrap().contains("co-quan.json"), "{:?}", none.json());
}

/// Guards the upload's bounds: a part whose name leaves the dossier's folder, a malformed
/// multipart body, no `dossier` part — each 400 with what is wrong; a dossier naming a file it
/// did not upload, and an image claiming billions of pixels — 422 with the problem at its path;
/// a body past the limit — 413.
#[test]
fn bad_uploads_get_a_clear_4xx() {
    let s = Server::start(&["--max-body", "1"]);
    let url = format!("{}/v1/render?lang=en", s.url);
    let mut parts = sample_parts();
    parts.push(("../ngoai.png", b"x".to_vec()));
    let (ct, body) = multipart(&parts);
    let escape = post(&url, &ct, &body);
    assert_eq!(escape.status, 400);
    assert!(escape.json()["error"].as_str().unwrap().contains("\"../ngoai.png\""), "{}", escape.json());
    let broken = post(
        &url,
        "multipart/form-data; boundary=xyz",
        b"--xyz\r\nContent-Disposition: form-data; name=\"dossier\"\r\n\r\n{",
    );
    assert_eq!(broken.status, 400, "{}", String::from_utf8_lossy(&broken.body));
    let (ct, body) = multipart(&[("minh-chung/a.png", b"x".to_vec())]);
    assert_eq!(post(&url, &ct, &body).status, 400, "no dossier part");
    let (ct, body) = multipart(&sample_parts()[..1]);
    let missing = post(&url, &ct, &body);
    assert_eq!(missing.status, 422);
    assert!(
        missing.json()["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["path"] == "nominees[2].evidence[0]"
                && p["message"].as_str().unwrap().ends_with("does not exist"))
    );
    let mut parts = sample_parts();
    parts[1].1 = claimed_png(100_000, 100_000);
    parts[1].0 = "minh-chung/bom.png";
    let mut d: Value = serde_json::from_slice(&parts[0].1).unwrap();
    d["nominees"][2]["evidence"] = json!(["minh-chung/bom.png"]);
    parts[0].1 = serde_json::to_vec(&d).unwrap();
    let (ct, body) = multipart(&parts);
    let bomb = post(&url, &ct, &body);
    assert_eq!(bomb.status, 422);
    let problems = bomb.json()["problems"].clone();
    let p = problems.as_array().unwrap().iter().find(|p| p["severity"] == "error").unwrap();
    assert_eq!(p["path"], "nominees[2].evidence[0]");
    assert!(p["message"].as_str().unwrap().contains("100000 × 100000 pixels"), "{p}");
    // Past the limit: 413. (The client says `Expect: 100-continue`, as clients sending large
    // bodies do, so the answer comes before the body is sent and the refused upload is not cut
    // off mid-write.)
    let big = vec![b' '; 2 << 20];
    let large = |ct: &str, body: &[u8]| {
        answer(agent().post(&url).header("Content-Type", ct).header("Expect", "100-continue").send(body)).status
    };
    assert_eq!(large("application/json", &big), 413);
    let (ct, body) = multipart(&[("dossier", big)]);
    assert_eq!(large(&ct, &body), 413);
}

/// Guards the bounded queue: with one worker and one place in the queue, a burst of renders
/// gets 503 with Retry-After for what does not fit, never a wait without bound, and the rest
/// render.
#[test]
fn a_full_queue_answers_503_with_retry_after() {
    let s = Server::start(&["--workers", "1", "--queue", "1"]);
    let (ct, body) = multipart(&sample_parts());
    let url = format!("{}/v1/render", s.url);
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6).map(|_| scope.spawn(|| post(&url, &ct, &body))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let busy: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(!busy.is_empty(), "statuses: {:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    assert!(busy.iter().all(|a| a.header("retry-after").is_some_and(|v| v.parse::<u32>().is_ok())));
    assert!(answers.iter().all(|a| a.status == 200 || a.status == 503));
    assert!(answers.iter().filter(|a| a.status == 200).count() >= 2);
    let after = post(&url, &ct, &body);
    assert_eq!(after.status, 200, "the queue empties again");
}

/// Guards the deadline: a render that cannot finish in time is answered 504.
#[test]
fn a_render_past_its_deadline_gets_504() {
    let s = Server::start(&["--deadline", "1"]);
    let big = crate::stress::generate::dossier(
        7,
        crate::stress::generate::Size { nominees: 300, max_words: 600, max_awards: 3 },
    );
    let answered = post(&format!("{}/v1/render", s.url), "application/json", &serde_json::to_vec(&big).unwrap());
    assert_eq!(answered.status, 504, "{}", String::from_utf8_lossy(&answered.body));
}

/// Guards the token: off the loopback the service refuses to start without one; with one,
/// every API call without it (or with another) is 401, with it 200; /healthz stays open.
#[test]
fn the_token_guards_every_api_call() {
    let o = crate::common::cli().args(["serve", "--listen", "0.0.0.0:0"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a token"), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token-of-some-length\n").unwrap();
    let s = Server::start_on("0.0.0.0:0", &["--token-file", token_file.to_str().unwrap()]);
    assert_eq!(get(&format!("{}/healthz", s.url)).status, 200);
    for route in ["/v1/forms", "/v1/schema", "/metrics"] {
        let none = get(&format!("{}{route}", s.url));
        assert_eq!(none.status, 401, "{route}");
        assert_eq!(none.header("www-authenticate").as_deref(), Some("Bearer"));
        let wrong = answer(
            agent()
                .get(&format!("{}{route}", s.url))
                .header("Authorization", "Bearer s3cret-token-of-some-lengtH")
                .call(),
        );
        assert_eq!(wrong.status, 401, "{route}");
        let right = answer(
            agent()
                .get(&format!("{}{route}", s.url))
                .header("Authorization", "Bearer s3cret-token-of-some-length")
                .call(),
        );
        assert_eq!(right.status, 200, "{route}");
    }
    let check = answer(
        agent().post(&format!("{}/v1/check", s.url)).header("Content-Type", "application/json").send(&b"{}"[..]),
    );
    assert_eq!(check.status, 401);
}

/// Guards the workspace: create with If-None-Match: *, read with its ETag, save with If-Match,
/// 412 on a stale ETag (with the current one), 428 without a precondition, 400 for a path that
/// leaves the folder (`..` or a symbolic link), the listing, and 422 with nothing written for
/// evidence of the wrong kind.
#[test]
fn the_workspace_never_overwrites_silently() {
    let ws = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bi-mat.json"), "{}").unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.path().join("lien-ket")).unwrap();
    let s = Server::start(&["--workspace", ws.path().to_str().unwrap()]);
    let url = format!("{}/v1/dossiers/truong-a/ho-so.json", s.url);
    let bearer = s.bearer();
    let get = |url: &str| answer(agent().get(url).header("Authorization", &bearer).call());
    let put = |body: &[u8], headers: &[(&str, &str)]| {
        let mut r = agent().put(&url).header("Content-Type", "application/json").header("Authorization", &bearer);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        answer(r.send(body))
    };
    let first = std::fs::read(sample_path()).unwrap();
    let created = put(&first, &[("If-None-Match", "*")]);
    assert_eq!(created.status, 201);
    let tag1 = created.header("etag").unwrap();
    assert_eq!(std::fs::read(ws.path().join("truong-a/ho-so.json")).unwrap(), first, "the file the CLI reads");
    assert_eq!(put(&first, &[("If-None-Match", "*")]).status, 412, "it exists now");
    let read = get(&url);
    assert_eq!((read.status, read.header("etag")), (200, Some(tag1.clone())));
    let second = [&first[..first.len() - 2], b" \n}"].concat();
    let saved = put(&second, &[("If-Match", &tag1)]);
    assert_eq!(saved.status, 200);
    let tag2 = saved.header("etag").unwrap();
    assert_ne!(tag1, tag2);
    let stale = put(&first, &[("If-Match", &tag1)]);
    assert_eq!(stale.status, 412, "a save over a version that changed");
    assert_eq!(stale.header("etag"), Some(tag2.clone()));
    assert_eq!(std::fs::read(ws.path().join("truong-a/ho-so.json")).unwrap(), second, "the stale save changed nothing");
    assert_eq!(put(&first, &[]).status, 428);
    assert_eq!(put(&first, &[("If-Match", "*")]).status, 428, "If-Match: * names no version");
    assert_eq!(std::fs::read(ws.path().join("truong-a/ho-so.json")).unwrap(), second, "nothing overwritten blindly");
    assert_eq!(super::serve::get(&url).status, 401, "the workspace needs the session's token");
    for escape in ["%2E%2E/bi-mat.json", "lien-ket/bi-mat.json", "%2Fetc%2Fpasswd"] {
        let a = get(&format!("{}/v1/dossiers/{escape}", s.url));
        assert_eq!(a.status, 400, "{escape}: {}", String::from_utf8_lossy(&a.body));
    }
    assert_eq!(get(&format!("{}/v1/dossiers/khong-co.json", s.url)).status, 404);
    let list = get(&format!("{}/v1/dossiers", s.url)).json();
    assert_eq!(list["dossiers"], json!([{"path": "truong-a/ho-so.json", "etag": tag2, "size": second.len()}]));
    // Evidence of the wrong kind is refused before it is written: a .docx, a ".jpg" of text.
    for (name, body) in [("minh-chung/bao-cao.docx", &b"PK\x03\x04 word"[..]), ("minh-chung/anh.jpg", b"not a photo")] {
        let url = format!("{}/v1/dossiers/truong-a/{name}", s.url);
        let r = answer(agent().put(&url).header("Authorization", &bearer).header("If-None-Match", "*").send(body));
        assert_eq!(r.status, 422, "{name}: {}", String::from_utf8_lossy(&r.body));
        assert!(!ws.path().join("truong-a").join(name).exists(), "{name}: nothing written");
    }
    let without = Server::start(&[]);
    assert_eq!(get(&format!("{}/v1/dossiers", without.url)).status, 404, "no workspace");
}

/// Guards the service under load: 200 renders of varied dossiers at concurrency 8 all succeed,
/// and the memory of the server stays at the level a first round at that concurrency brought it
/// to (each worker's allocator arena and caches fill once; what must not happen is growth after).
#[test]
fn two_hundred_renders_at_concurrency_8() {
    let s = Server::start(&["--queue", "16"]);
    let bodies: Vec<Vec<u8>> = (0..20)
        .map(|seed| {
            let d = crate::stress::generate::dossier(
                1000 + seed,
                crate::stress::generate::Size { nominees: 3, max_words: 60, max_awards: 2 },
            );
            serde_json::to_vec(&d).unwrap()
        })
        .collect();
    let url = format!("{}/v1/render", s.url);
    let render = |i: usize| post(&url, "application/json", &bodies[i % bodies.len()]).status;
    let round = |count: usize| -> Vec<(usize, u16)> {
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        let mut bad = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if i >= count {
                                break bad;
                            }
                            let status = render(i);
                            if status != 200 {
                                bad.push((i, status));
                            }
                        }
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
        })
    };
    assert_eq!(round(40), vec![], "the first round");
    let warm = s.rss_mib();
    let failures = round(200);
    assert!(failures.is_empty(), "{failures:?}");
    let after = s.rss_mib();
    assert!(after <= warm * 1.25 + 48.0, "memory {warm:.0} MiB after the first round, {after:.0} MiB after 200 more");
}

/// Guards a graceful stop: SIGTERM during a render lets it finish and answer, then the server
/// exits with success.
#[test]
fn sigterm_lets_a_render_in_flight_finish() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut s = Server::start_logging("127.0.0.1:0", &[], log.reopen().unwrap());
    let big = crate::stress::generate::dossier(
        11,
        crate::stress::generate::Size { nominees: 250, max_words: 200, max_awards: 3 },
    );
    let body = serde_json::to_vec(&big).unwrap();
    let url = format!("{}/v1/render", s.url);
    let (answered, code) = std::thread::scope(|scope| {
        let request = scope.spawn(|| (post(&url, "application/json", &body), Instant::now()));
        let started = Instant::now();
        // Wait until the render is running (the queue-depth gauge cannot see it; the pages counter
        // is not up yet), then stop the server.
        std::thread::sleep(Duration::from_millis(600));
        s.terminate();
        let terminated = Instant::now();
        std::thread::sleep(Duration::from_millis(500));
        let late = agent().get(&format!("{}/healthz", s.url)).call();
        assert!(late.is_err(), "a new request after SIGTERM is refused");
        let (answered, at) = request.join().unwrap();
        assert!(at > terminated, "the render was still running when the server was told to stop");
        let code = s.child.wait().unwrap().code();
        assert!(started.elapsed() < Duration::from_secs(240));
        (answered, code)
    });
    assert_eq!(answered.status, 200, "{}", String::from_utf8_lossy(&answered.body));
    assert!(!unzip(&answered.body).is_empty());
    assert_eq!(code, Some(0));
    // One JSON line per request, with its id, route, status and time.
    let lines: Vec<Value> =
        std::fs::read_to_string(log.path()).unwrap().lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let render = lines.iter().find(|l| l["route"] == "/v1/render").expect("the render is logged");
    assert_eq!(render["status"], 200);
    assert!(render["id"].as_u64().is_some() && render["ms"].as_f64().is_some(), "{render}");
}

/// The examples the README gives integrators run against a live server: Python (`requests`).
#[test]
fn the_python_example_runs_against_the_service() {
    crate::needs_checkers!();
    let s = Server::start(&[]);
    let out = tempfile::tempdir().unwrap();
    let o = Command::new("python3")
        .arg(root().join("examples/python/render.py"))
        .args([&s.url, sample_path().to_str().unwrap(), out.path().join("ho-so.zip").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let zip = std::fs::read(out.path().join("ho-so.zip")).unwrap();
    assert!(unzip(&zip).iter().any(|(n, _)| n == "ho-so.pdf"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("valid: True"), "{}", String::from_utf8_lossy(&o.stdout));
}

/// Whether `browser` can be driven here: Debian's chromium and chromium-driver, or firefox-esr
/// and geckodriver, with Python's selenium (all installed by .ci/run); in CI
/// (HOSO_REQUIRE_CHECKERS) a missing one fails.
fn browser_available(browser: &str) -> bool {
    let ok = |p: &str, a: &[&str]| Command::new(p).args(a).output().is_ok_and(|o| o.status.success());
    let driver = match browser {
        "firefox" => ok("/usr/bin/firefox-esr", &["--version"]) && ok("geckodriver", &["--version"]),
        _ => ok("/usr/bin/chromium", &["--version"]) && ok("/usr/bin/chromedriver", &["--version"]),
    };
    let all = driver && ok("python3", &["-c", "import selenium"]);
    if !all {
        let how = "apt-get install chromium chromium-driver firefox-esr && cargo install geckodriver && pip install selenium (as .ci/run does)";
        assert!(
            std::env::var_os("HOSO_REQUIRE_CHECKERS").is_none(),
            "{browser} for the workbench tests is missing: {how}"
        );
        eprintln!("note: the workbench's tests in {browser} are skipped; install: {how}");
    }
    all
}

/// Guards the clerk's workbench in real browsers, Chromium and Firefox
/// (tests/browser/workbench.py, over WebDriver): open the workspace, create a dossier from the
/// sample, change a nominee's name and see the preview's text change, type an impossible date
/// and see the problem at that field, paste three rows of a CSV into the nominee grid, import a
/// spreadsheet, save and find the change on disk, reload with unsaved edits, a stale save,
/// every control named, 125 % zoom. Screenshots of each step are kept in
/// `target/tmp/workbench-screenshots/<browser>/`.
#[test]
fn the_workbench_in_real_browsers() {
    for browser in ["chromium", "firefox"] {
        if !browser_available(browser) {
            continue;
        }
        let ws = tempfile::tempdir().unwrap();
        let folder = ws.path().join("truong-a");
        crate::common::copy_sample_files(&folder);
        std::fs::copy(sample_path(), folder.join("ho-so.json")).unwrap();
        std::fs::copy(root().join("tests/data/ba-dong.csv"), ws.path().join("ba-dong.csv")).unwrap();
        let s = Server::start(&["--workspace", ws.path().to_str().unwrap()]);
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("workbench-screenshots").join(browser);
        let _ = std::fs::remove_dir_all(&shots);
        let o = Command::new("python3")
            .env("HOSO_TOKEN", s.token.as_deref().unwrap_or_default())
            .arg(root().join("tests/browser/workbench.py"))
            .args([s.url.as_str(), ws.path().to_str().unwrap(), shots.to_str().unwrap(), browser])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{browser}: {out}\n{}\nscreenshots in {}",
            String::from_utf8_lossy(&o.stderr),
            shots.display()
        );
        assert!(out.contains("all steps passed"), "{browser}: {out}");
        assert!(std::fs::read_dir(&shots).unwrap().count() >= 10, "{browser}: a screenshot per step");
    }
}
