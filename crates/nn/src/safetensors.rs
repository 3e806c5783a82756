//! Weights in the safetensors format, so a trained model can be saved from the page or
//! the CLI and opened with any safetensors reader (Python's `safetensors`, Hugging Face).
//!
//! The format, in full:
//!
//! ```text
//! bytes 0..8        N, the length of the header, as a little-endian u64
//! bytes 8..8+N      the header: a UTF-8 JSON object (may end in spaces for alignment)
//!                     { "<tensor name>": { "dtype": "F32",
//!                                          "shape": [d0, d1, ...],
//!                                          "data_offsets": [begin, end] },
//!                       ...,
//!                       "__metadata__": { "<key>": "<string value>", ... } }   (optional)
//! bytes 8+N..       the data buffer: each tensor's elements, row-major, little-endian,
//!                   at data_offsets (relative to the start of the buffer; end exclusive)
//! ```
//!
//! Tensors must tile the data buffer exactly: no overlaps and no holes. This module
//! writes and reads `F32` tensors only (what the playground's models hold); it writes the
//! tensors in the order given and pads the header with spaces to a multiple of 8 bytes so
//! the data is aligned.

use serde_json::{Map, Value, json};

use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::params::{self, HostTensor, Module};

/// The key of the free-form string metadata in the header.
pub const METADATA_KEY: &str = "__metadata__";

/// Serialise tensors (and string metadata) to safetensors bytes.
pub fn to_bytes(tensors: &[HostTensor], metadata: &[(String, String)]) -> Result<Vec<u8>> {
    let mut header = Map::new();
    let mut offset = 0usize;
    for t in tensors {
        if t.data.len() != t.shape.iter().product::<usize>() {
            return Err(NnError::Format(format!(
                "tensor {} has {} values for shape {:?}",
                t.name,
                t.data.len(),
                t.shape
            )));
        }
        if t.name == METADATA_KEY || header.contains_key(&t.name) {
            return Err(NnError::Format(format!(
                "tensor name {} is reserved or repeated",
                t.name
            )));
        }
        let end = offset + 4 * t.data.len();
        header.insert(
            t.name.clone(),
            json!({ "dtype": "F32", "shape": t.shape, "data_offsets": [offset, end] }),
        );
        offset = end;
    }
    if !metadata.is_empty() {
        let meta: Map<String, Value> = metadata
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        header.insert(METADATA_KEY.into(), Value::Object(meta));
    }
    let mut text = serde_json::to_string(&Value::Object(header))
        .map_err(|e| NnError::Format(e.to_string()))?;
    while !text.len().is_multiple_of(8) {
        text.push(' ');
    }
    let mut out = Vec::with_capacity(8 + text.len() + offset);
    out.extend_from_slice(&(text.len() as u64).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
    for t in tensors {
        for v in &t.data {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    Ok(out)
}

/// The contents of a safetensors file.
#[derive(Clone, Debug, PartialEq)]
pub struct SafeTensors {
    /// In the order of their data in the file.
    pub tensors: Vec<HostTensor>,
    pub metadata: Vec<(String, String)>,
}

fn bad(msg: impl Into<String>) -> NnError {
    NnError::Format(format!("not a valid safetensors file: {}", msg.into()))
}

/// Parse safetensors bytes, checking every size and offset.
pub fn from_bytes(bytes: &[u8]) -> Result<SafeTensors> {
    let Some((len_bytes, rest)) = bytes.split_first_chunk::<8>() else {
        return Err(bad("shorter than the 8-byte header length"));
    };
    let n = u64::from_le_bytes(*len_bytes);
    if n > rest.len() as u64 {
        return Err(bad(format!(
            "header length {n} exceeds the file ({} bytes)",
            bytes.len()
        )));
    }
    let (header, data) = rest.split_at(n as usize);
    let header: Value = serde_json::from_slice(header).map_err(|e| bad(format!("header: {e}")))?;
    let Value::Object(entries) = header else {
        return Err(bad("the header is not a JSON object"));
    };
    let mut metadata = Vec::new();
    let mut spans = Vec::new();
    for (name, entry) in entries {
        if name == METADATA_KEY {
            metadata = read_metadata(&entry)?;
        } else {
            spans.push(read_entry(name, &entry)?);
        }
    }
    spans.sort_by_key(|s| s.begin);
    let mut expected = 0;
    let mut tensors = Vec::with_capacity(spans.len());
    for s in spans {
        if s.begin != expected || s.end > data.len() {
            return Err(bad(format!(
                "tensor {} at bytes {}..{}: tensors must tile the {}-byte data buffer without gaps or overlaps",
                s.name,
                s.begin,
                s.end,
                data.len()
            )));
        }
        let values: Vec<f32> = data[s.begin..s.end]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        // Weights are finite: a NaN loaded would only surface later as a diverged run.
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(bad(format!(
                "tensor {} holds {} at index {i}; weights must be finite",
                s.name, values[i]
            )));
        }
        tensors.push(HostTensor {
            name: s.name,
            shape: s.shape,
            data: values,
        });
        expected = s.end;
    }
    if expected != data.len() {
        return Err(bad(format!(
            "{} bytes after the last tensor",
            data.len() - expected
        )));
    }
    Ok(SafeTensors { tensors, metadata })
}

struct Span {
    name: String,
    shape: Vec<usize>,
    begin: usize,
    end: usize,
}

fn read_entry(name: String, entry: &Value) -> Result<Span> {
    let dtype = entry.get("dtype").and_then(Value::as_str);
    if dtype != Some("F32") {
        return Err(bad(format!(
            "tensor {name} has dtype {dtype:?}; only F32 is supported"
        )));
    }
    let as_sizes = |v: Option<&Value>| -> Option<Vec<usize>> {
        v?.as_array()?
            .iter()
            .map(|x| x.as_u64().map(|u| u as usize))
            .collect()
    };
    let shape =
        as_sizes(entry.get("shape")).ok_or_else(|| bad(format!("tensor {name}: bad shape")))?;
    let offsets = as_sizes(entry.get("data_offsets"))
        .filter(|o| o.len() == 2 && o[0] <= o[1])
        .ok_or_else(|| bad(format!("tensor {name}: bad data_offsets")))?;
    let numel = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    if numel.and_then(|n| n.checked_mul(4)) != Some(offsets[1] - offsets[0]) {
        return Err(bad(format!(
            "tensor {name}: shape {shape:?} does not match its {} bytes",
            offsets[1] - offsets[0]
        )));
    }
    Ok(Span {
        name,
        shape,
        begin: offsets[0],
        end: offsets[1],
    })
}

fn read_metadata(entry: &Value) -> Result<Vec<(String, String)>> {
    let Value::Object(map) = entry else {
        return Err(bad("__metadata__ is not an object"));
    };
    map.iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k.clone(), s.clone())),
            _ => Err(bad(format!("metadata {k} is not a string"))),
        })
        .collect()
}

/// A model's parameters as safetensors bytes (reads them back from the device).
pub fn save<B: Backend>(model: &impl Module<B>, metadata: &[(String, String)]) -> Result<Vec<u8>> {
    to_bytes(&params::export(model)?, metadata)
}

/// Load parameters saved by [`save`] into a model of the same shape; returns the metadata.
pub fn load<B: Backend>(model: &mut impl Module<B>, bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let file = from_bytes(bytes)?;
    params::import(model, &file.tensors)?;
    Ok(file.metadata)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<HostTensor> {
        vec![
            HostTensor {
                name: "b".into(),
                shape: vec![2, 2],
                data: vec![1.0, -2.5, 3.25, 0.0],
            },
            HostTensor {
                name: "a".into(),
                shape: vec![3],
                data: vec![7.0, 8.0, f32::MIN_POSITIVE],
            },
        ]
    }

    #[test]
    fn non_finite_weights_are_refused_by_name() {
        let mut t = sample();
        t[1].data[2] = f32::NAN;
        let bytes = to_bytes(&t, &[]).unwrap();
        let e = from_bytes(&bytes).unwrap_err().to_string();
        assert!(e.contains("tensor a holds NaN at index 2"), "{e}");
    }

    #[test]
    fn round_trip_keeps_names_shapes_values_and_metadata() {
        let meta = vec![("format".to_string(), "pt".to_string())];
        let bytes = to_bytes(&sample(), &meta).unwrap();
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        assert_eq!(n % 8, 0, "header padded to 8 bytes");
        assert_eq!(bytes.len(), 8 + n + 4 * 7);
        let file = from_bytes(&bytes).unwrap();
        assert_eq!(file.tensors, sample());
        assert_eq!(file.metadata, meta);
    }

    #[test]
    fn the_layout_is_the_documented_one() {
        // First tensor's first value sits right after the header, little-endian.
        let bytes = to_bytes(&sample(), &[]).unwrap();
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        assert_eq!(&bytes[8 + n..8 + n + 4], &1.0f32.to_le_bytes());
        let header: Value = serde_json::from_slice(&bytes[8..8 + n]).unwrap();
        assert_eq!(header["a"]["data_offsets"], json!([16, 28]));
        assert_eq!(header["b"]["shape"], json!([2, 2]));
    }

    #[test]
    fn corrupt_files_give_errors_not_panics() {
        let bytes = to_bytes(&sample(), &[]).unwrap();
        for cut in [0, 5, 8, 20, bytes.len() - 1] {
            assert!(from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(from_bytes(&huge).is_err());
        let mut extra = bytes.clone();
        extra.extend_from_slice(&[0; 4]);
        let err = from_bytes(&extra).unwrap_err().to_string();
        assert!(err.contains("after the last tensor"), "{err}");
        let text = br#"{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#;
        let mut f16 = (text.len() as u64).to_le_bytes().to_vec();
        f16.extend_from_slice(text);
        f16.extend_from_slice(&[0, 0]);
        assert!(
            from_bytes(&f16)
                .unwrap_err()
                .to_string()
                .contains("only F32")
        );
    }
}
