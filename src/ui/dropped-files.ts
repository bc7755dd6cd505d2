import type { ImportFile } from '../index.ts'

/**
 * What was dropped, with folders walked: each file with its path relative to what was dropped
 * (`photos/2024/a.jpg`), and empty folders as entries without a file.
 */
export async function droppedFiles (data: DataTransfer): Promise<ImportFile[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
  // Some sources (and synthetic drops) give no entries: fall back to the flat file list.
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    return [...data.files].map((file) => ({ path: file.name, file }))
  }
  const files: ImportFile[] = []
  for (const entry of entries) if (entry !== null) await walk(entry, entry.name, files)
  return files
}

/** Files picked with an input; a folder input gives each file's path inside the folder. */
export function pickedFiles (list: FileList): ImportFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath === '' ? file.name : file.webkitRelativePath, file }))
}

async function walk (entry: FileSystemEntry, path: string, into: ImportFile[]): Promise<void> {
  if (isFile(entry)) {
    into.push({
      path,
      file: await new Promise<File>((resolve, reject) => {
        entry.file(resolve, reject)
      })
    })
    return
  }
  if (!isDirectory(entry)) return
  const children = await readAll(entry.createReader())
  if (children.length === 0) into.push({ path })
  for (const child of children) await walk(child, `${path}/${child.name}`, into)
}

/** readEntries gives at most 100 entries per call: read until it gives none. */
async function readAll (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = []
  while (true) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => {
      reader.readEntries(resolve, reject)
    })
    if (batch.length === 0) return all
    all.push(...batch)
  }
}

function isFile (entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile
}

function isDirectory (entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory
}
