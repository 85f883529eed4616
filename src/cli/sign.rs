//! `hoso sign DIR|FILE.pdf`: fill the empty signature fields of one role across a rendered
//! dossier folder (or one field of one PDF) with PAdES signatures, from a key file, a PKCS#11
//! token or a remote service. Secrets come from files or a prompt, never the command line.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hoso::sign::SignImage;
use hoso::sign::folder::{self, As};
use hoso::sign::pades::{Request, Target, pdf_date};
use hoso::sign::remote::{self, Remote};
use hoso::sign::signer::{KeyFile, Signer, Token, read_certificates};
use hoso::sign::signing::{self, Job, Level, Options, Pending};
use hoso::t;

use super::{Failure, Outcome, tr};

/// The file a remote signing run waits in, beside the documents (`--resume` reads it).
const PENDING_FILE: &str = ".hoso-ky-cho.json";

/// Arguments of `hoso sign`.
#[derive(clap::Args)]
pub struct Args {
    /// A folder `hoso render` wrote (signed by role, from its manifest), or one PDF.
    target: PathBuf,
    /// Sign every empty field of this role (as the manifest names it, e.g. hieu_truong).
    #[arg(long, value_name = "ROLE")]
    role: Option<String>,
    /// Sign only the field with this name.
    #[arg(long, value_name = "NAME")]
    field: Option<String>,
    /// Sign as the organisation, after the person: a new field over the left third of their
    /// signature with the seal (give --seal); --role or --field names the person's field.
    #[arg(long)]
    organisation: bool,
    /// Sign an attachment or appendix in a separate file as the organisation: no seal, the
    /// number and symbol (--number) and the signing time top right of the first page, Times
    /// New Roman 10, black (Decree 30, Phụ lục I II.8.b, III.1.d).
    #[arg(long)]
    attachment: bool,
    /// The number and symbol of the document the attachment goes with, e.g. 05/TTr-TCNDTNT.
    #[arg(long, value_name = "SỐ/KÝ-HIỆU")]
    number: Option<String>,
    /// The signer's signature image (blue PNG, transparent), centred in the field.
    #[arg(long, value_name = "PNG")]
    image: Option<PathBuf>,
    /// The organisation's seal (red PNG, transparent), at its real size.
    #[arg(long, value_name = "PNG")]
    seal: Option<PathBuf>,
    /// Only these files of the folder.
    #[arg(long = "file", value_name = "FILE")]
    files: Vec<String>,
    /// A PKCS#12 key file (.p12, .pfx).
    #[arg(long, value_name = "FILE")]
    p12: Option<PathBuf>,
    /// A PKCS#8 PEM private key (with --cert).
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// The certificates of --key, or extra ones for a token (PEM or DER).
    #[arg(long, value_name = "FILE")]
    cert: Option<PathBuf>,
    /// The file holding the key file's password or the token's PIN (else it is asked for).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// A PKCS#11 module (the token vendor's .so/.dll, or SoftHSM2's).
    #[arg(long, value_name = "FILE")]
    pkcs11: Option<PathBuf>,
    /// The token's label.
    #[arg(long, value_name = "LABEL")]
    token: Option<String>,
    /// The key's label on the token.
    #[arg(long, value_name = "LABEL")]
    key_label: Option<String>,
    /// A remote signing service: csc, vnpt or viettel (its settings in --remote-config).
    #[arg(long, value_name = "SERVICE", value_parser = ["csc", "vnpt", "viettel"])]
    remote: Option<String>,
    /// The remote service's settings: a JSON file with url and the unit's and the signer's ids.
    #[arg(long, value_name = "FILE")]
    remote_config: Option<PathBuf>,
    /// Go on waiting for a remote signing asked for earlier (its state is in the folder).
    #[arg(long)]
    resume: bool,
    /// PAdES level: b-b, b-t (needs --tsa) or b-lt (default: b-t with --tsa, else b-b).
    #[arg(long, value_name = "LEVEL", value_parser = ["b-b", "b-t", "b-lt"])]
    level: Option<String>,
    /// The RFC 3161 timestamp service's URL.
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// CA certificates (PEM, DER, .p7b) to find the signer's issuer among.
    #[arg(long = "certs", value_name = "FILE")]
    certs: Vec<PathBuf>,
    /// Do not check revocation before signing (said so in the result; not with b-lt).
    #[arg(long)]
    offline: bool,
    /// Sign RSA keys with PSS instead of PKCS#1 v1.5.
    #[arg(long)]
    pss: bool,
    /// The name the signature shows (default: the certificate's).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Write the signed files into this folder (or file) instead of in place.
    #[arg(short, long, value_name = "PATH")]
    out: Option<PathBuf>,
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| super::cannot_read(path, &e))
}

fn secret(args: &Args, what: &str) -> Result<String, Failure> {
    match &args.password_file {
        Some(p) => Ok(String::from_utf8_lossy(&read(p)?).trim_end_matches(['\r', '\n']).to_string()),
        None => rpassword::prompt_password(format!("{what}: "))
            .map_err(|e| Failure::usage(t!("cli.as-is", error = e.to_string()))),
    }
}

fn image(path: &Option<PathBuf>) -> Result<Option<SignImage>, Failure> {
    match path {
        None => Ok(None),
        Some(p) => SignImage::from_png(read(p)?)
            .map(Some)
            .map_err(|e| Failure::usage(t!("cli.in-file", file = p.display().to_string(), what = e))),
    }
}

fn remote_of(args: &Args) -> Result<Box<dyn Remote>, Failure> {
    let cfg_path = args.remote_config.as_ref().ok_or_else(|| Failure::usage(t!("sign.cli.remote-config")))?;
    let cfg: serde_json::Value = serde_json::from_slice(&read(cfg_path)?).map_err(|e| {
        Failure::usage(t!("cli.not-json", file = cfg_path.display().to_string(), error = e.to_string()))
    })?;
    remote::from_settings(args.remote.as_deref().unwrap_or_default(), &cfg).map_err(Failure::usage)
}

enum Who {
    Now(Box<dyn Signer>),
    Remote(Box<dyn Remote>),
}

fn signer(args: &Args) -> Result<Who, Failure> {
    let extra = match &args.cert {
        Some(p) => read_certificates(&read(p)?).map_err(|e| Failure::usage(t!("sign.cert-unreadable", error = e)))?,
        None => Vec::new(),
    };
    let bad = |e: hoso::messages::Text| Failure::usage(e);
    if let Some(p) = &args.p12 {
        let pw = secret(args, &tr(t!("sign.cli.password")))?;
        let k = KeyFile::pkcs12(&read(p)?, &pw).map_err(bad)?;
        return Ok(Who::Now(Box::new(if args.pss { k.with_pss() } else { k })));
    }
    if let (Some(key), Some(cert)) = (&args.key, &args.cert) {
        let k = KeyFile::pem(&read(key)?, &read(cert)?).map_err(bad)?;
        return Ok(Who::Now(Box::new(if args.pss { k.with_pss() } else { k })));
    }
    if let Some(module) = &args.pkcs11 {
        let pin = secret(args, &tr(t!("sign.cli.pin")))?;
        let t = Token::open(module, args.token.as_deref(), args.key_label.as_deref(), &pin, extra).map_err(bad)?;
        return Ok(Who::Now(Box::new(t)));
    }
    if args.remote.is_some() {
        return Ok(Who::Remote(remote_of(args)?));
    }
    Err(Failure::usage(t!("sign.cli.no-signer")))
}

/// Run `hoso sign`.
pub fn run(global: &super::Global, args: Args) -> Outcome {
    let folder_mode = args.target.is_dir();
    let pending_path =
        if folder_mode { args.target.join(PENDING_FILE) } else { args.target.with_extension("ky-cho.json") };
    let mut who = signer(&args)?;
    let (pending, mut remote) = if args.resume {
        let p: Pending = serde_json::from_slice(&read(&pending_path)?).map_err(|e| {
            Failure::usage(t!("cli.not-json", file = pending_path.display().to_string(), error = e.to_string()))
        })?;
        match who {
            Who::Remote(r) => (p, Some(r)),
            Who::Now(_) => return Err(Failure::usage(t!("sign.cli.resume-remote"))),
        }
    } else {
        let (chain, algorithm, remote) = match &mut who {
            Who::Now(s) => (s.chain().to_vec(), s.algorithm(), None),
            Who::Remote(r) => {
                let chain = r.chain().map_err(Failure::usage)?;
                (chain, r.algorithm(), None::<()>)
            }
        };
        let _ = remote;
        let cn = {
            use der::Decode;
            chain
                .first()
                .and_then(|c| x509_cert::Certificate::from_der(c).ok())
                .map(|c| hoso::sign::chain::common_name(&c))
        };
        let name = args.name.clone().or(cn).unwrap_or_default();
        let jobs = if args.attachment { attachment_jobs(global, &args, &name)? } else { jobs(&args, &name)? };
        if jobs.is_empty() {
            let whom = args.role.clone().or(args.field.clone()).unwrap_or_default();
            eprintln!("{}", tr(t!("sign.nothing-to-sign", who = whom)));
            return Ok(());
        }
        let level = match (args.level.as_deref(), &args.tsa) {
            (Some("b-lt"), _) => Level::BLT,
            (Some("b-t"), _) => Level::BT,
            (Some(_), _) | (None, None) => Level::BB,
            (None, Some(_)) => Level::BT,
        };
        let mut extra_certs = Vec::new();
        for c in &args.certs {
            let certs =
                read_certificates(&read(c)?).map_err(|e| Failure::usage(t!("sign.cert-unreadable", error = e)))?;
            extra_certs.extend(certs.iter().map(|c| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(c)
            }));
        }
        let options = Options { level, tsa: args.tsa.clone(), extra_certs, offline: args.offline };
        let p = signing::begin(jobs, chain, algorithm, options).map_err(Failure::usage)?;
        match who {
            Who::Remote(r) => (p, Some(r)),
            Who::Now(mut s) => {
                let sigs = s.sign(&p.digests(), &p.labels()).map_err(Failure::usage)?;
                return finish(&args, p, sigs);
            }
        }
    };
    let r = remote.as_deref_mut().expect("a remote signer");
    let mut pending = pending;
    let mut save = |p: &Pending| -> Result<(), hoso::messages::Text> {
        let json = serde_json::to_vec(p).expect("JSON");
        hoso::write_file(&pending_path, &json)
            .map_err(|e| t!("cli.cannot-write", path = pending_path.display().to_string(), error = e.to_string()))
    };
    eprintln!("{}", tr(t!("sign.cli.confirm-on-phone", n = pending.items.len())));
    let every = std::env::var("HOSO_REMOTE_POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(2), Duration::from_millis);
    let times = std::env::var("HOSO_REMOTE_POLLS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let sigs = remote::ask_and_wait(r, &mut pending, every, times, &mut save).map_err(Failure::usage)?;
    let out = finish(&args, pending, sigs);
    if out.is_ok() {
        let _ = std::fs::remove_file(&pending_path);
    }
    out
}

fn jobs(args: &Args, name: &str) -> Result<Vec<Job>, Failure> {
    let who = if args.organisation {
        let seal = image(&args.seal)?.ok_or_else(|| Failure::usage(t!("sign.cli.seal-needed")))?;
        As::Organisation { seal }
    } else {
        As::Person { image: image(&args.image)? }
    };
    if args.target.is_dir() {
        if args.role.is_none() && args.field.is_none() {
            return Err(Failure::usage(t!("sign.cli.role-needed")));
        }
        return folder::jobs(&args.target, args.role.as_deref(), args.field.as_deref(), &who, name, &args.files)
            .map_err(Failure::usage);
    }
    // One PDF: the field named, else its only empty field.
    let pdf = read(&args.target)?;
    let label = args.target.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let fields = hoso::sign::pades::fields(&pdf)
        .map_err(|e| Failure::usage(t!("sign.pdf-failed", file = label.clone(), error = e)))?;
    let field = match &args.field {
        Some(f) => f.clone(),
        None => {
            let empty: Vec<&String> = fields.iter().filter(|(_, v)| !v).map(|(n, _)| n).collect();
            match empty[..] {
                [one] => one.clone(),
                _ => {
                    return Err(Failure::usage(t!(
                        "sign.cli.field-needed",
                        fields = empty.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
    };
    let images = match &who {
        As::Person { image: Some(img) } => {
            let rect = field_rect(&pdf, &field).unwrap_or([0.0; 4]);
            vec![hoso::sign::pades::Drawn { image: img.clone(), rect: hoso::sign::pades::centred(rect, img) }]
        }
        _ => Vec::new(),
    };
    let request = Request {
        target: Target::Field(field),
        images,
        time: pdf_date(&signing::now_vn()),
        name: name.into(),
        reserve: 0,
        text: None,
    };
    Ok(vec![Job { label, pdf, request }])
}

/// The organisation's signature on attachments: the file given, or --file of a folder.
fn attachment_jobs(global: &super::Global, args: &Args, name: &str) -> Result<Vec<Job>, Failure> {
    let number = args.number.clone().ok_or_else(|| Failure::usage(t!("sign.cli.number-needed")))?;
    let files: Vec<PathBuf> = if args.target.is_dir() {
        if args.files.is_empty() {
            return Err(Failure::usage(t!("sign.cli.attachment-files")));
        }
        args.files.iter().map(|f| args.target.join(f)).collect()
    } else {
        vec![args.target.clone()]
    };
    let engine = global.engine()?;
    let now = signing::now_vn();
    let iso = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let text = engine.signature_text(&[number, iso]).map_err(|e| Failure::usage(t!("cli.as-is", error = e)))?;
    let [tw, th] = hoso::sign::pades::page_size(&text, 1).map_err(|e| Failure::usage(t!("cli.as-is", error = e)))?;
    let mut out = Vec::new();
    for f in files {
        let pdf = read(&f)?;
        let label = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let [w, h] = hoso::sign::pades::page_size(&pdf, 1)
            .map_err(|e| Failure::usage(t!("sign.pdf-failed", file = label.clone(), error = e)))?;
        // Top right of the first page: the right edge on the right margin's line (15 mm), the
        // top 10 mm below the page's edge.
        let (right, top) = (w - 15.0 * 72.0 / 25.4, h - 10.0 * 72.0 / 25.4);
        let rect = [right - tw, top - th, right, top];
        let request = Request {
            target: Target::NewField { name: "co_quan_kem_theo".into(), page: 1, rect },
            images: Vec::new(),
            time: pdf_date(&now),
            name: name.into(),
            reserve: 0,
            text: Some(text.clone()),
        };
        out.push(Job { label, pdf, request });
    }
    Ok(out)
}

fn field_rect(pdf: &[u8], field: &str) -> Option<[f64; 4]> {
    hoso::sign::pades::field_rect(pdf, field).ok()
}

fn finish(args: &Args, pending: Pending, sigs: Vec<Vec<u8>>) -> Outcome {
    let level = pending.options.level;
    let revocation = pending.revocation.clone();
    let fields: Vec<String> = pending.items.iter().map(|i| i.field.clone()).collect();
    let signed = signing::complete(pending, sigs).map_err(Failure::usage)?;
    for ((label, bytes), field) in signed.iter().zip(fields) {
        let path = match (&args.out, args.target.is_dir()) {
            (Some(o), true) => {
                std::fs::create_dir_all(o).map_err(|e| {
                    Failure::output(t!("cli.cannot-create", path = o.display().to_string(), error = e.to_string()))
                })?;
                o.join(label)
            }
            (Some(o), false) => o.clone(),
            (None, true) => args.target.join(label),
            (None, false) => args.target.clone(),
        };
        hoso::write_file(&path, bytes).map_err(|e| {
            Failure::output(t!("cli.cannot-write", path = path.display().to_string(), error = e.to_string()))
        })?;
        eprintln!("{}", tr(t!("sign.signed", file = label.clone(), field = field, level = level.name())));
    }
    if revocation != "good" {
        eprintln!("{}", tr(t!("sign.cli.revocation-not-checked")));
    }
    Ok(())
}
