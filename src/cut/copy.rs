//! Objects of a source PDF copied into an assembled one, renumbered, in first-seen order, so
//! the output is byte-identical for the same source.

use std::collections::{HashMap, VecDeque};
use std::ops::RangeInclusive;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::source::Cutter;

/// Copies objects of the source into a cut document, renumbered, following references; a
/// reference to something left out (another document's page or structure) becomes null.
pub(super) struct Copier<'a> {
    pub(super) source: &'a Cutter,
    /// Indices of the kept pages.
    pub(super) range: RangeInclusive<usize>,
    pub(super) out: &'a mut Document,
    /// Whole id → cut id, or `None` for what is left out.
    pub(super) map: HashMap<ObjectId, Option<ObjectId>>,
    /// Objects to copy in a pruned form instead of as they are.
    pub(super) replaced: HashMap<ObjectId, Dictionary>,
    /// (source id, cut id) of objects still to copy.
    queue: VecDeque<(ObjectId, ObjectId)>,
    /// Appended to structure element IDs (and the header cells naming them), so the IDs of
    /// several PDFs stay unique in one document.
    pub(super) suffix: Option<String>,
}

impl<'a> Copier<'a> {
    pub(super) fn new(source: &'a Cutter, range: RangeInclusive<usize>, out: &'a mut Document) -> Self {
        Copier {
            source,
            range,
            out,
            map: HashMap::new(),
            replaced: HashMap::new(),
            queue: VecDeque::new(),
            suffix: None,
        }
    }

    /// The cut's id for the source's object `id`, queued for copying on first sight; `None` for
    /// another document's page or a structure element with nothing on the kept pages.
    pub(super) fn id(&mut self, id: ObjectId) -> Option<ObjectId> {
        if let Some(known) = self.map.get(&id) {
            return *known;
        }
        let left_out = self.source.page_index.get(&id).is_some_and(|i| !self.range.contains(i))
            || (self.source.spans.contains_key(&id) && !self.replaced.contains_key(&id));
        let new = (!left_out).then(|| self.out.new_object_id());
        self.map.insert(id, new);
        if let Some(new) = new {
            self.queue.push_back((id, new));
        }
        new
    }

    pub(super) fn copy(&mut self, o: &Object) -> Object {
        match o {
            Object::Reference(id) => self.id(*id).map_or(Object::Null, Object::Reference),
            Object::Array(a) => Object::Array(a.iter().map(|x| self.copy(x)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.copy_dict(d)),
            Object::Stream(s) => {
                let mut copied = Stream::new(self.copy_dict(&s.dict), s.content.clone());
                copied.allows_compression = s.allows_compression;
                Object::Stream(copied)
            }
            other => other.clone(),
        }
    }

    pub(super) fn copy_dict(&mut self, d: &Dictionary) -> Dictionary {
        let mut out = Dictionary::new();
        for (k, v) in d.iter() {
            let v = match (&self.suffix, k.as_slice(), v) {
                (Some(suffix), b"ID", Object::String(b, f)) => {
                    Object::String([b.as_slice(), suffix.as_bytes()].concat(), *f)
                }
                (Some(suffix), b"Headers", Object::Array(a)) => Object::Array(
                    a.iter()
                        .map(|x| match x {
                            Object::String(b, f) => Object::String([b.as_slice(), suffix.as_bytes()].concat(), *f),
                            other => other.clone(),
                        })
                        .collect(),
                ),
                _ => self.copy(v),
            };
            out.set(k.clone(), v);
        }
        out
    }

    /// Copy everything queued, and everything it refers to, in first-seen order.
    pub(super) fn run(&mut self) {
        let source = self.source;
        while let Some((id, new)) = self.queue.pop_front() {
            let copied = match self.replaced.remove(&id) {
                Some(d) => Object::Dictionary(self.copy_dict(&d)),
                None => source.doc.get_object(id).map_or(Object::Null, |o| self.copy(o)),
            };
            self.out.objects.insert(new, copied);
        }
    }
}
